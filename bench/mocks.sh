#!/usr/bin/env bash
# Requests/s of a fake backend against nginx serving the same stubbed response body.
#
#   bench/mocks.sh            # builds examples/serve_mocks in release mode first
#
# Both servers listen on 127.0.0.1 only; wrk runs -t1 -c2 -d5s against each.
# Needs nginx and wrk (apt-get install -y nginx wrk).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
PATH_Q='/tutorial/api/get-user?UserName=partner'
NGINX_PORT=${NGINX_PORT:-18089}   # the first free port from here is used
DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}   # interleaved rounds; the median is reported (shared machines are noisy)

for tool in nginx wrk curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y nginx wrk curl)" >&2; exit 2; }
done

mkdir -p "$OUT"
rm -f "$OUT/nginx.pid"   # never signal a stale pid
cargo build --release --example serve_mocks >&2

# 1. The fakes.
FIFO=$OUT/stdin
rm -f "$FIFO"; mkfifo "$FIFO"
"$ROOT/target/release/examples/serve_mocks" mocks <"$FIFO" >"$OUT/urls" &
FAKES_PID=$!
exec 3>"$FIFO"   # keeps the fakes' stdin open; closing it stops them
cleanup() {
  [ -f "$OUT/nginx.pid" ] && kill "$(cat "$OUT/nginx.pid")" 2>/dev/null || true
  exec 3>&- || true
  wait "$FAKES_PID" 2>/dev/null || true
  rm -f "$FIFO" "$OUT/nginx.pid"
}
trap cleanup EXIT
for _ in $(seq 50); do grep -q '^crm ' "$OUT/urls" 2>/dev/null && break; sleep 0.1; done
CRM_URL=$(awk '$1 == "crm" { print $2 }' "$OUT/urls")
[ -n "$CRM_URL" ] || { echo "the fakes did not start" >&2; exit 4; }
BODY=$(curl -fsS "$CRM_URL$PATH_Q")

# 2. nginx with the same body.
printf '%s' "$BODY" >"$OUT/body.json"
mkdir -p "$OUT/tmp"
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
# Another process may hold the port: try the next ones.
started=no
for try in $(seq 0 50); do
  write_nginx_conf
  # 3>&-: the nginx daemon must not hold the fakes' stdin open.
  if nginx -c "$OUT/nginx.conf" -p "$OUT" 2>/dev/null 3>&-; then started=yes; break; fi
  NGINX_PORT=$((NGINX_PORT + 1))
done
[ "$started" = yes ] || { echo "nginx did not start (see $OUT/nginx-error.log)" >&2; exit 4; }
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$NGINX_PORT$PATH_Q" >/dev/null 2>&1 && break; sleep 0.1; done
[ "$(curl -fsS "http://127.0.0.1:$NGINX_PORT$PATH_Q")" = "$BODY" ] || { echo "nginx body differs" >&2; exit 4; }

rps() { wrk -t1 -c2 -d"$DURATION" "$1" | awk '/Requests\/sec/ { print $2 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
: >"$OUT/fake.rps"; : >"$OUT/nginx.rps"
printf '%-7s %14s %14s %8s\n' "round" "fake req/s" "nginx req/s" "ratio"
for round in $(seq "$ROUNDS"); do
  f=$(rps "$CRM_URL$PATH_Q"); n=$(rps "http://127.0.0.1:$NGINX_PORT$PATH_Q")
  echo "$f" >>"$OUT/fake.rps"; echo "$n" >>"$OUT/nginx.rps"
  awk -v r="$round" -v f="$f" -v n="$n" 'BEGIN { printf "%-7s %14s %14s %7.0f%%\n", r, f, n, 100 * f / n }'
done
FAKE_RPS=$(median <"$OUT/fake.rps")
NGINX_RPS=$(median <"$OUT/nginx.rps")
echo
printf '%-28s %12s\n' "server (median)" "requests/s"
printf '%-28s %12s\n' "fake crm (wiremock + front)" "$FAKE_RPS"
printf '%-28s %12s\n' "nginx (static body)" "$NGINX_RPS"
awk -v f="$FAKE_RPS" -v n="$NGINX_RPS" 'BEGIN { printf "fake / nginx: %.0f%%\n", 100 * f / n }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
