#!/usr/bin/env bash
# bench/parse.sh — the Gherkin front end, measured (figures in BENCHMARKS.md).
#
#  1. apitest's parser against the `gherkin` crate's, in one process, on one file of
#     10,000 / 20,000 / 35,000 scenarios (examples/gherkin_parse: round-robin rounds,
#     best and median): is each linear?
#  2. `apitest check` of 10,000 scenarios in 100 files and in one file (hyperfine),
#     side by side with BASE_BIN (the previous binary) when it is given.
#  3. With CALLGRIND=1: instructions of both `check` runs (repeatable whatever the
#     load), and the parser's share of them.
#
# Variables: SIZES ("10000 20000 35000"), ROUNDS (3; the crate's parser takes
# seconds on the big files), RUNS (hyperfine runs, 20), BASE_BIN, BUILD (1),
# ROOT (/tmp/bench-parse), CALLGRIND (0). Reads and writes only under $ROOT;
# contacts nothing (`check` sends no request).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"10000 20000 35000"}
ROUNDS=${ROUNDS:-3}
RUNS=${RUNS:-20}
ROOT=${ROOT:-/tmp/bench-parse}
BUILD=${BUILD:-1}
CALLGRIND=${CALLGRIND:-0}
BASE_BIN=${BASE_BIN:-}

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "# bench/parse.sh — $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(load)"

if [ "$BUILD" = 1 ]; then
  cargo build --release --quiet --bin apitest --example gherkin_parse
fi
BIN=target/release/apitest
PARSE=target/release/examples/gherkin_parse

mkdir -p "$ROOT"
suite() { # N PER_FILE NAME -> the features directory
  local dir="$ROOT/$3"
  [ -d "$dir/$1/zato/features" ] || python3 bench/gen.py "$1" --per-file "$2" --root "$dir" --only-zato >/dev/null
  echo "$dir/$1/zato/features"
}

echo
echo "## 1. Parsers side by side, one file each (load $(load))"
files=()
for n in $SIZES; do
  files+=("$(suite "$n" "$n" "one-$n")/f0001.feature")
done
"$PARSE" --rounds "$ROUNDS" "${files[@]}"

echo
echo "## 2. apitest check, 10,000 scenarios (load $(load))"
many=$(suite 10000 100 many-10000)
one=$(suite 10000 10000 one-10000)
cmds=("$BIN check $many" "$BIN check $one")
names=("new, 100 files" "new, 1 file")
if [ -n "$BASE_BIN" ]; then
  cmds+=("$BASE_BIN check $many" "$BASE_BIN check $one")
  names+=("previous, 100 files" "previous, 1 file")
fi
args=()
for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
hyperfine -N --warmup 2 --runs "$RUNS" --export-markdown "$ROOT/check.md" "${args[@]}" >/dev/null
cat "$ROOT/check.md"
echo "(load after: $(load))"

if [ "$CALLGRIND" = 1 ]; then
  echo
  echo "## 3. Instructions (callgrind)"
  for layout in "$many" "$one"; do
    for bin in "$BIN" ${BASE_BIN:+"$BASE_BIN"}; do
      out="$ROOT/cg.$(basename "$(dirname "$(dirname "$(dirname "$layout")")")").$(basename "$bin")"
      valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" check "$layout" >/dev/null 2>&1
      total=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/{print $1; exit}')
      parse=$(callgrind_annotate --inclusive=yes "$out" 2>/dev/null |
        awk '/gherkin::parse::feature|gherkin::parse::parser::parse |gherkin::Feature>::parse|gherkin_parser::feature/{print $1; exit}')
      echo "$bin check $layout: $total instructions, parsing $parse"
    done
  done
fi
