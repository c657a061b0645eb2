#!/usr/bin/env bash
# Requests/s of a fake backend (`apitest mock`) against nginx serving the same stubbed
# response body, side by side in one run: wrk -t1 at each connection count, several
# interleaved rounds, medians and ratios.
#
#   bench/mocks.sh                                  # builds apitest --release first
#   BEFORE=/path/to/other/apitest bench/mocks.sh    # also measures another build, same run
#
# ROUNDS (default 5), CONNS ("1 2"), DURATION (5s), NGINX_PORT (18089: the first free
# port from there). Everything listens on 127.0.0.1 only; every loop is bounded.
# Needs nginx, wrk and curl (apt-get install -y nginx wrk curl).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out/mocks
PATH_Q='/tutorial/api/get-user?UserName=partner'
NGINX_PORT=${NGINX_PORT:-18089}
DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-5}
CONNS=${CONNS:-1 2}
BEFORE=${BEFORE:-}

for tool in nginx wrk curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y nginx wrk curl)" >&2; exit 2; }
done

mkdir -p "$OUT/tmp"
rm -f "$OUT/nginx.pid"   # never signal a stale pid
cargo build --release --bin apitest >&2
AFTER=$ROOT/target/release/apitest

PIDS=()
cleanup() {
  [ -f "$OUT/nginx.pid" ] && kill "$(cat "$OUT/nginx.pid")" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -f "$OUT/nginx.pid"
}
trap cleanup EXIT

# 1. The fakes: `apitest mock mocks` of each build; its first lines are `NAME URL`.
declare -A URL
start_fakes() { # label binary
  local urls=$OUT/urls-$1
  "$2" mock mocks >"$urls" &
  PIDS+=($!)
  for _ in $(seq 100); do grep -q '^Serving' "$urls" 2>/dev/null && break; sleep 0.1; done
  URL[$1]=$(awk '$1 == "crm" { print $2 }' "$urls")
  [ -n "${URL[$1]}" ] || { echo "the fakes of $2 did not start" >&2; exit 4; }
}
SERVERS=(after)
start_fakes after "$AFTER"
if [ -n "$BEFORE" ]; then SERVERS=(before after); start_fakes before "$BEFORE"; fi
BODY=$(curl -fsS "${URL[after]}$PATH_Q")
for s in "${SERVERS[@]}"; do
  [ "$(curl -fsS "${URL[$s]}$PATH_Q")" = "$BODY" ] || { echo "$s answers another body" >&2; exit 4; }
done

# 2. nginx with the same body.
printf '%s' "$BODY" >"$OUT/body.json"
write_nginx_conf() {
cat >"$OUT/nginx.conf" <<NGINX
worker_processes auto;
pid $OUT/nginx.pid;
error_log $OUT/nginx-error.log;
daemon on;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $OUT/tmp;
  proxy_temp_path $OUT/tmp;
  fastcgi_temp_path $OUT/tmp;
  uwsgi_temp_path $OUT/tmp;
  scgi_temp_path $OUT/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location = /tutorial/api/get-user {
      default_type application/json;
      alias $OUT/body.json;
    }
  }
}
NGINX
}
started=no
for _ in $(seq 0 50); do   # another process may hold the port: try the next ones
  write_nginx_conf
  if nginx -c "$OUT/nginx.conf" -p "$OUT" 2>/dev/null; then started=yes; break; fi
  NGINX_PORT=$((NGINX_PORT + 1))
done
[ "$started" = yes ] || { echo "nginx did not start (see $OUT/nginx-error.log)" >&2; exit 4; }
URL[nginx]=http://127.0.0.1:$NGINX_PORT
for _ in $(seq 50); do curl -fsS "${URL[nginx]}$PATH_Q" >/dev/null 2>&1 && break; sleep 0.1; done
[ "$(curl -fsS "${URL[nginx]}$PATH_Q")" = "$BODY" ] || { echo "nginx body differs" >&2; exit 4; }
SERVERS+=(nginx)

# 3. Rounds: every server at every connection count once per round, in turn.
rps() { wrk -t1 -c"$2" -d"$DURATION" "${URL[$1]}$PATH_Q" | awk '/Requests\/sec/ { print $2 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load average at start: $(load)"
rm -f "$OUT"/*.rps
printf '%-6s %-6s' round conns; for s in "${SERVERS[@]}"; do printf ' %12s' "$s"; done; echo
for round in $(seq "$ROUNDS"); do
  for c in $CONNS; do
    printf '%-6s %-6s' "$round" "c$c"
    for s in "${SERVERS[@]}"; do
      r=$(rps "$s" "$c"); echo "$r" >>"$OUT/$s-c$c.rps"; printf ' %12s' "$r"
    done
    echo
  done
done
echo "load average at end: $(load)"
echo
printf '%-6s' median; for s in "${SERVERS[@]}"; do printf ' %12s' "$s"; done; for s in "${SERVERS[@]}"; do [ "$s" = nginx ] || printf ' %14s' "$s/nginx"; done; echo
for c in $CONNS; do
  printf '%-6s' "c$c"
  n=$(median <"$OUT/nginx-c$c.rps")
  for s in "${SERVERS[@]}"; do printf ' %12s' "$(median <"$OUT/$s-c$c.rps")"; done
  for s in "${SERVERS[@]}"; do
    [ "$s" = nginx ] || printf ' %13.0f%%' "$(awk -v f="$(median <"$OUT/$s-c$c.rps")" -v n="$n" 'BEGIN { print 100 * f / n }')"
  done
  echo
done
