#!/usr/bin/env bash
# bench/profile.sh — where apitest's instructions and memory go (issue 7, "profile before
# optimising"). Hardware counters are not available on this VM (`perf stat -e instructions`
# says <not supported>), so instruction counts come from valgrind's callgrind (deterministic,
# independent of machine load) and the heap profile from massif.
#
#   bench/profile.sh                 # N=10000, jobs 1; needs the target of run.sh → starts its own
#   N=1000 JOBS=8 bench/profile.sh
#
# Runs (all against our nginx on 127.0.0.1:$PORT, started here and stopped on exit):
#   1. callgrind  apitest run  <suite N> --jobs $JOBS      → inclusive Ir per phase (profile_summary.py)
#   2. callgrind  apitest run  <1-scenario suite>          → what start-up costs
#   3. callgrind  apitest check <suite N>                  → static work
#   4. massif     apitest run  <suite N> --jobs $JOBS      → peak heap and who holds it
# Output: $BENCH_ROOT/profile/<stamp>/ (raw files + summary.md, printed at the end).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
export BENCH_ROOT="${BENCH_ROOT:-/tmp/bench}"
export PORT="${PORT:-18180}"
N="${N:-10000}"
JOBS="${JOBS:-1}"
APITEST_BIN="${APITEST_BIN:-$REPO/target/release/apitest}"
PREFIX="$BENCH_ROOT/nginx"
ADDRESS="http://127.0.0.1:$PORT"
OUT="$BENCH_ROOT/profile/$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$OUT" "$PREFIX/logs"

command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind >&2; }
[[ -x "$APITEST_BIN" ]] || (cd "$REPO" && cargo build --release --quiet)
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

stop_target() {
  if [[ -s "$PREFIX/nginx.pid" ]]; then
    local pid; pid="$(cat "$PREFIX/nginx.pid")"
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$PREFIX/nginx.pid"
  fi
}
stop_target
sed -e "s/__PORT__/$PORT/" -e "s#__PREFIX__#$PREFIX#" "$HERE/nginx.conf" > "$PREFIX/nginx.conf"
nginx -c "$PREFIX/nginx.conf" -p "$PREFIX/"
trap stop_target EXIT
sleep 0.3

for n in "$N" 1; do
  [[ -f "$BENCH_ROOT/suites/$n/manifest.json" ]] && grep -q "\"address\": \"$ADDRESS\"" "$BENCH_ROOT/suites/$n/manifest.json" \
    || python3 "$HERE/gen.py" "$n" --root "$BENCH_ROOT/suites" --address "$ADDRESS" --only-zato >&2
done
S="$BENCH_ROOT/suites/$N/zato"
S1="$BENCH_ROOT/suites/1/zato"

cg() { # cg NAME ARGS...
  local name="$1"; shift
  echo "callgrind $name: $*" >&2
  timeout 900 valgrind --tool=callgrind --callgrind-out-file="$OUT/$name.callgrind" \
    "$APITEST_BIN" "$@" > "$OUT/$name.log" 2>&1 || true
  callgrind_annotate --inclusive=yes "$OUT/$name.callgrind" > "$OUT/$name.inclusive.txt" 2>/dev/null
  callgrind_annotate "$OUT/$name.callgrind" > "$OUT/$name.self.txt" 2>/dev/null
}
cg "run-$N-j$JOBS" run "$S" --jobs "$JOBS" --color never
cg "run-1" run "$S1" --color never
cg "check-$N" check "$S"

echo "massif run $N" >&2
timeout 900 valgrind --tool=massif --pages-as-heap=no --massif-out-file="$OUT/run-$N.massif" \
  "$APITEST_BIN" run "$S" --jobs "$JOBS" --color never > "$OUT/massif-run.log" 2>&1 || true
ms_print "$OUT/run-$N.massif" > "$OUT/run-$N.massif.txt" 2>/dev/null || true

python3 "$HERE/profile_summary.py" "$OUT" "$N" "$JOBS" | tee "$OUT/summary.md"
echo "profile files: $OUT" >&2
