#!/usr/bin/env bash
# The orchestration harness under load: throughput and p50/p99 latency of the
# get-user-details channel (CRM, then Billing) against the fake backends, and the
# latency it adds over calling those two backends directly — all in one run.
#
#   bench/orchestrator.sh                 # DURATION=5s CONNECTIONS=1 by default
#   CONNECTIONS=2 DURATION=10s bench/orchestrator.sh
#
# Everything listens on 127.0.0.1. Needs wrk and curl (apt-get install -y wrk curl).
# Prints a Markdown table; raw wrk output goes to bench/out/.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out/orchestrator
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-1}
mkdir -p "$OUT"

for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y wrk curl)" >&2; exit 2; }
done

cargo build --release --quiet >&2
APITEST=$ROOT/target/release/apitest

# 1. The fake backends, on free ports; `apitest mock` prints "name url" lines.
"$APITEST" mock mocks >"$OUT/urls" &
MOCK_PID=$!
ORCH_PID=
cleanup() {
  [ -n "$ORCH_PID" ] && kill -INT "$ORCH_PID" 2>/dev/null || true
  kill -INT "$MOCK_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do grep -q '^Serving' "$OUT/urls" 2>/dev/null && break; sleep 0.1; done
url() { awk -v n="$1" '$1 == n { print $2 }' "$OUT/urls"; }
CRM=$(url crm); BILLING=$(url billing)
[ -n "$CRM" ] && [ -n "$BILLING" ] || { echo "the fakes did not start" >&2; exit 4; }

# 2. The harness, pointed at them.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
CRM_URL=$CRM BILLING_URL=$BILLING PAYMENTS_URL=$(url payments) FRAUD_URL=$(url fraud) RUST_LOG=warn \
  "$APITEST" orchestrator --config harness.toml --listen "127.0.0.1:$PORT" >"$OUT/orchestrator.log" 2>&1 &
ORCH_PID=$!
ORCH=http://127.0.0.1:$PORT
for _ in $(seq 100); do curl -fsS -o /dev/null "$ORCH/health" 2>/dev/null && break; sleep 0.1; done
curl -fsS -H 'X-API-Key: abc' "$ORCH/tutorial/api/get-user-details" | grep -q '"account_balance":"357.9"' \
  || { echo "the harness does not answer as the tutorial says" >&2; exit 4; }

cat >"$OUT/post.lua" <<'EOF'
wrk.method = "POST"
EOF

# 3. wrk against the channel and against each backend call it makes.
run() { # name, wrk args...
  local name=$1; shift
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" >"$OUT/$name.txt"
}
run channel -H 'X-API-Key: abc' "$ORCH/tutorial/api/get-user-details"
run crm "$CRM/tutorial/api/get-user?UserName=partner"
run billing -s "$OUT/post.lua" "$BILLING/tutorial/api/balance/get?USER=partner"

# wrk prints latencies as 1.23ms / 456.00us / 1.02s: convert to microseconds.
micros() { # file, percentile label (50% / 99%)
  awk -v p="$2" '$1 == p {
    v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
    if (u == "us") f = 1; else if (u == "ms") f = 1000; else if (u == "s") f = 1000000; else f = 1
    printf "%.0f", v * f }' "$1"
}
rps() { awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$1"; }

ch50=$(micros "$OUT/channel.txt" 50%); ch99=$(micros "$OUT/channel.txt" 99%)
c50=$(micros "$OUT/crm.txt" 50%); b50=$(micros "$OUT/billing.txt" 50%)
c99=$(micros "$OUT/crm.txt" 99%); b99=$(micros "$OUT/billing.txt" 99%)
added50=$((ch50 - c50 - b50))

echo "## Orchestration harness: get-user-details (wrk -t1 -c$CONNECTIONS -d$DURATION, $(date -u +%F), load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| target | requests/s | p50 | p99 |"
echo "|---|---:|---:|---:|"
echo "| channel GET /tutorial/api/get-user-details | $(rps "$OUT/channel.txt") | ${ch50} µs | ${ch99} µs |"
echo "| fake CRM GET /tutorial/api/get-user | $(rps "$OUT/crm.txt") | ${c50} µs | ${c99} µs |"
echo "| fake Billing POST /tutorial/api/balance/get | $(rps "$OUT/billing.txt") | ${b50} µs | ${b99} µs |"
# Percentiles do not add up, so only the median gets an "added" figure.
echo "| **added by the harness** (channel p50 − CRM p50 − Billing p50) | | **${added50} µs** | |"
