#!/usr/bin/env bash
# bench/run.sh — the apitest benchmark (issue 7): one command, the whole table.
#
# Starts an nginx target on 127.0.0.1:$PORT (only loopback is ever contacted), builds apitest in
# release mode if needed, generates the suites, runs bench/measure.py (wrk ceiling, apitest,
# Hurl, zato-apitest, Newman side by side in one run; start-up; memory; `apitest check`) and stops
# its nginx at the end (trap). Peers that are not installed are skipped, with a note saying so.
#
#   bench/run.sh                                   # SIZES="1000 10000" JOBS="1 2 D" REPEAT=5
#   SIZES=1000 REPEAT=3 TOOLS="ours hurl" bench/run.sh
#   APITEST_BIN=/path/to/apitest bench/run.sh
#
# Variables: PORT [18180], BENCH_ROOT [/tmp/bench] (suites, nginx prefix, results), SIZES,
# MEM_SIZES ["1000 10000 100000"], JOBS ["1 2 D"], REPEAT [5], WRK_SECS [5], TOOLS
# ["ours hurl zato newman"], MAX_RUN_S [120], TIMEOUT_S [300], PER_FILE [50], BUILD [1]
# (cargo build --release first), APITEST_BIN, HURL, ZATO_APITEST, NEWMAN, PENDING_FAKES,
# PENDING_ORCH. See bench/README.md.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
export BENCH_ROOT="${BENCH_ROOT:-/tmp/bench}"
export PORT="${PORT:-18180}"
export SIZES="${SIZES:-1000 10000}"
export MEM_SIZES="${MEM_SIZES:-1000 10000 100000}"
PER_FILE="${PER_FILE:-50}"
PREFIX="$BENCH_ROOT/nginx"
ADDRESS="http://127.0.0.1:$PORT"
mkdir -p "$BENCH_ROOT" "$PREFIX/logs"

# ---- tools (Debian); installed only when missing
need=()
for t in nginx wrk hyperfine; do command -v "$t" >/dev/null || need+=("$t"); done
[[ -x /usr/bin/time ]] || need+=(time)
if ((${#need[@]})); then
  echo "installing: ${need[*]}" >&2
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >&2
fi
for t in nginx wrk hyperfine python3 timeout curl; do
  command -v "$t" >/dev/null || { echo "missing: $t" >&2; exit 2; }
done

# ---- apitest release binary (from this worktree unless APITEST_BIN is given)
if [[ -z "${APITEST_BIN:-}" ]]; then
  if [[ "${BUILD:-1}" == 1 ]]; then
    (cd "$REPO" && cargo build --release --quiet) >&2
  fi
  export APITEST_BIN="$REPO/target/release/apitest"
fi
[[ -x "$APITEST_BIN" ]] || { echo "no apitest binary at $APITEST_BIN" >&2; exit 2; }

# Never through a proxy.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost

# ---- the target: our own nginx, stopped on exit by its pid file only
stop_target() {
  if [[ -s "$PREFIX/nginx.pid" ]]; then
    local pid; pid="$(cat "$PREFIX/nginx.pid")"
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null
    rm -f "$PREFIX/nginx.pid"
    echo "target stopped (pid $pid)" >&2
  fi
}
stop_target
if ss -ltn "sport = :$PORT" | grep -q LISTEN; then
  echo "port $PORT is taken by another process; choose PORT=..." >&2; exit 2
fi
sed -e "s/__PORT__/$PORT/" -e "s#__PREFIX__#$PREFIX#" "$HERE/nginx.conf" > "$PREFIX/nginx.conf"
nginx -t -q -c "$PREFIX/nginx.conf" -p "$PREFIX/"
nginx -c "$PREFIX/nginx.conf" -p "$PREFIX/"
trap stop_target EXIT
for _ in $(seq 1 50); do
  curl -fsS -o /dev/null --max-time 1 "$ADDRESS/tutorial/api/get-user" 2>/dev/null && break
  sleep 0.1
done
curl -fsS -o /dev/null --max-time 1 "$ADDRESS/tutorial/api/get-user" || { echo "target did not come up" >&2; exit 1; }
echo "target up: pid $(cat "$PREFIX/nginx.pid") on $ADDRESS" >&2

# ---- suites: each size (all dialects), 1-scenario, the failing one; memory-only sizes: zato only
gen() { # gen N [--only-zato]
  local n="$1"; shift
  local m="$BENCH_ROOT/suites/$n/manifest.json"
  if [[ ! -f "$m" ]] || ! grep -q "\"per_file\": $PER_FILE" "$m" || ! grep -q "\"address\": \"$ADDRESS\"" "$m" \
     || ! grep -q '"shape": 2' "$m" || { [[ $# -eq 0 ]] && ! grep -q '"hurl"' "$m"; }; then
    python3 "$HERE/gen.py" "$n" --per-file "$PER_FILE" --root "$BENCH_ROOT/suites" --address "$ADDRESS" "$@" >&2
  fi
}
for n in $SIZES 1; do gen "$n"; done
for n in $MEM_SIZES; do
  [[ " $SIZES 1 " == *" $n "* ]] || gen "$n" --only-zato
done
python3 "$HERE/gen.py" --fail --root "$BENCH_ROOT/suites" --address "$ADDRESS" >&2

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 "$HERE/measure.py"
