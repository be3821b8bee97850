#!/usr/bin/env bash
# Status webhooks (issue 18), on this machine (bench/webhooks/README.md). The receiver is local and verifies every
# signature with the reference library (npm standardwebhooks); latency is event time (data.time) to arrival.
#  1. isolated: STATUS_RATE (225) applied status changes/s written into message_event by pgbench (as callbacks write
#     them), 1,000 messages, with one endpoint and, same load, without: latency p50/p90/p99/max, and Switchboard's
#     CPU per status change with and without (the difference is what webhooks cost);
#  2. whole pipeline: messages through the API at RATE/s (75: accepted, queued, sent, delivered, ~225-300 status
#     changes/s) with the built-in sandbox, with the endpoint and without; on a small machine this saturates the CPU;
#  3. deliveries/s: the fan-out cursor rewound over every event of run 2 (webhook tables emptied), the time until the
#     receiver has every one again.
#  BASELINE_JAR (optional): the same steady load without an endpoint on a jar from before webhooks existed: what the
#     fan-out costs when nobody subscribes.
# Usage: bench/webhooks/run.sh  (RATE=75 SECONDS_MEASURED=60 WARMUP=15 SKIP_BUILD=1 JAR=… BASELINE_JAR=…)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
JAR=${JAR:-$ROOT/target/switchboard.jar}
RATE=${RATE:-75}
STATUS_RATE=${STATUS_RATE:-225}
SECONDS_MEASURED=${SECONDS_MEASURED:-60}
WARMUP=${WARMUP:-15}
DB=switchboard_bench_webhooks
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
DB_URL="jdbc:postgresql://$PGHOST:5432/$DB?user=$PGUSER&password=$PGPASSWORD"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-bench-webhooks.XXXXXX")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port); JMS_PORT=$(free_port)
TICK=$(getconf CLK_TCK)
say() { printf '%s\n' "$*" >&2; }
die() { say "bench/webhooks: $*"; exit 1; }
sql() { psql -d "$DB" -v ON_ERROR_STOP=1 -Atqc "$1"; }
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

PGBENCH=$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -1 || true)
[ -x "$PGBENCH" ] || die "pgbench is needed (apt-get install postgresql-contrib)"
command -v node >/dev/null || die "node is needed (apt-get install nodejs npm)"
psql -d postgres -Atqc 'select 1' >/dev/null 2>&1 || die "no PostgreSQL at $PGHOST:5432 for $PGUSER (PGHOST/PGUSER/PGPASSWORD)"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "Building (mvn package -DskipTests) ..."
  mvn -B -q package -DskipTests >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; die "build failed"; }
fi
[ -f "$JAR" ] || die "no $JAR"
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null \
  || die "cannot resolve the test classpath"
GEN_CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$WORK/cp.txt")"
[ -d src/test/node/node_modules/standardwebhooks ] || (cd src/test/node && npm ci --no-audit --no-fund --loglevel=error)

PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
(cd src/test/node && STATS=1 exec node webhook-receiver.js) > "$WORK/receiver.log" 2>&1 &
RECEIVER=$!; PIDS+=("$RECEIVER")
for _ in $(seq 1 50); do grep -q '^listening' "$WORK/receiver.log" && break; sleep 0.1; done
RECEIVER_URL="http://127.0.0.1:$(awk '/^listening/ { print $2 }' "$WORK/receiver.log")"
SECRET="whsec_$(head -c 32 /dev/urandom | base64)"
curl -sf -X POST "$RECEIVER_URL/_control" -d "{\"status\":204,\"secrets\":[\"$SECRET\"]}" >/dev/null
stats() { curl -sf "$RECEIVER_URL/_stats"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }

start_switchboard() { # $1: with webhooks (1) or not (0); $2: log name
  local hooks=()
  [ "$1" = 1 ] && hooks=(SWITCHBOARD_WEBHOOK_URLS="$RECEIVER_URL/hooks" SWITCHBOARD_WEBHOOK_SECRET="$SECRET"
    SWITCHBOARD_WEBHOOK_ALLOW_HTTP=true SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE=true)
  env -u TWILIO_ACCOUNT_SID -u TWILIO_AUTH_TOKEN SWITCHBOARD_DB_URL="$DB_URL" SWITCHBOARD_HTTP_PORT="$PORT" \
    SWITCHBOARD_API_KEYS=bench SWITCHBOARD_API_RATE=0 SWITCHBOARD_DATA_DIR="$WORK/data-$2" \
    SWITCHBOARD_JMS_EMBEDDED_PORT="$JMS_PORT" SWITCHBOARD_RATE_MPS=200 SWITCHBOARD_ROUTES_RELOAD=false \
    "${hooks[@]}" java -Xmx512m -jar "${3:-$JAR}" > "$WORK/$2.log" 2>&1 &
  SB=$!; PIDS+=("$SB")
  for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/observe/health/ready")" = 200 ] && return
    kill -0 "$SB" 2>/dev/null || die "Switchboard exited: see $WORK/$2.log"
    sleep 0.5
  done
  die "Switchboard not ready: see $WORK/$2.log"
}
stop_switchboard() { kill "$SB"; wait "$SB" 2>/dev/null || true; }

steady() { # $1: 1 with webhooks, 0 without; $2: the jar; $3: a name. Writes "changes_per_s cpu_us_per_change
  # receiver_cpu_s" to $WORK/$3.txt
  psql -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
  start_switchboard "$1" "$3" "$2"
  java -Xmx256m -cp "$GEN_CP" dev.switchboard.bench.LoadGen open kind=message client=raw url="http://127.0.0.1:$PORT" \
    key=bench run="wh$1$RANDOM" rate="$RATE" warmup=0 seconds=$((WARMUP + SECONDS_MEASURED + 5)) > "$WORK/loadgen-$1.log" 2>&1 &
  local gen=$!
  sleep "$WARMUP"
  curl -sf -X POST "$RECEIVER_URL/_reset" >/dev/null
  local c0 r0 n0 c1 r1 n1
  c0=$(cpu "$SB"); r0=$(cpu "$RECEIVER"); n0=$(sql "SELECT COUNT(*) FROM message_event WHERE applied")
  sleep "$SECONDS_MEASURED"
  c1=$(cpu "$SB"); r1=$(cpu "$RECEIVER"); n1=$(sql "SELECT COUNT(*) FROM message_event WHERE applied")
  wait "$gen" || true
  sleep 3
  stop_switchboard
  awk -v n=$((n1 - n0)) -v c=$((c1 - c0)) -v r=$((r1 - r0)) -v t="$TICK" -v s="$SECONDS_MEASURED" \
    'BEGIN { printf "%.1f %.0f %.1f\n", n / s, n ? c / t / n * 1e6 : 0, r / t }' > "$WORK/$3.txt"
}

say "Steady load without a webhook endpoint (${RATE} msg/s, ${SECONDS_MEASURED} s after ${WARMUP} s) ..."
isolated() { # $1: 1 with webhooks, 0 without; $2: a name. Writes "changes_per_s cpu_us_per_change" to $WORK/$2.txt
  psql -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
  start_switchboard "$1" "$2" "$JAR"
  sql "INSERT INTO message (id, channel, to_number, body, tags, segments, encoding, status, source, fingerprint,
         created_at, updated_at) SELECT 'msg_BENCH' || lpad(g::text, 21, '0'), 'sms', '+1415555' || lpad(g::text, 4, '0'),
         'bench', '{\"order\":\"b\"}', 1, 'GSM-7', 'sent', 'bench', 'x', now(), now() FROM generate_series(1, 1000) g"
  sleep 5
  "$PGBENCH" -n -R "$STATUS_RATE" -T $((WARMUP + SECONDS_MEASURED + 2)) -c 4 -j 2 -f "$ROOT/bench/webhooks/status-change.sql" \
    "$DB" > "$WORK/pgbench-$2.log" 2>&1 &
  local gen=$!
  sleep "$WARMUP"
  curl -sf -X POST "$RECEIVER_URL/_reset" >/dev/null
  local c0 n0 c1 n1
  c0=$(cpu "$SB"); n0=$(sql "SELECT COUNT(*) FROM message_event WHERE applied")
  sleep "$SECONDS_MEASURED"
  c1=$(cpu "$SB"); n1=$(sql "SELECT COUNT(*) FROM message_event WHERE applied")
  wait "$gen" || true
  sleep 3
  [ "$1" = 1 ] && stats > "$WORK/$2.json"
  stop_switchboard
  awk -v n=$((n1 - n0)) -v c=$((c1 - c0)) -v t="$TICK" -v s="$SECONDS_MEASURED" \
    'BEGIN { printf "%.1f %.0f\n", n / s, n ? c / t / n * 1e6 : 0 }' > "$WORK/$2.txt"
}

say "Isolated: $STATUS_RATE status changes/s from pgbench, without an endpoint, then with one ..."
isolated 0 isolated-no-endpoint
read -r iso_base_rate iso_base_cpu < "$WORK/isolated-no-endpoint.txt"
isolated 1 isolated-endpoint
read -r iso_rate iso_cpu < "$WORK/isolated-endpoint.txt"
I=$(cat "$WORK/isolated-endpoint.json")

old_rate=0; old_cpu=0
if [ -n "${BASELINE_JAR:-}" ]; then
  say "Steady load on the baseline jar $BASELINE_JAR ..."
  steady 0 "$BASELINE_JAR" steady-baseline-jar
  read -r old_rate old_cpu _ < "$WORK/steady-baseline-jar.txt"
fi
steady 0 "$JAR" steady-no-endpoint
read -r base_rate base_cpu _ < "$WORK/steady-no-endpoint.txt"
say "Steady load with one endpoint ..."
steady 1 "$JAR" steady-endpoint
read -r hook_rate hook_cpu receiver_cpu < "$WORK/steady-endpoint.txt"
S=$(stats)

say "Catch-up: the fan-out cursor rewound over every event of that run ..."
sql "DELETE FROM webhook_attempt; DELETE FROM webhook_delivery; DELETE FROM webhook_event;
     UPDATE event_publication SET last_id = 0 WHERE feed = 'webhook-status'"
BACKLOG=$(sql "SELECT COUNT(*) FROM message_event WHERE applied")
curl -sf -X POST "$RECEIVER_URL/_reset" >/dev/null
start_switchboard 1 catchup
T0=$(date +%s.%N); C0=$(cpu "$SB")
while [ "$(stats | field count)" -lt "$BACKLOG" ]; do sleep 0.2; done
T1=$(date +%s.%N); C1=$(cpu "$SB")
C=$(stats)
stop_switchboard

awk -v b="$BACKLOG" -v t0="$T0" -v t1="$T1" -v c=$((C1 - C0)) -v tick="$TICK" \
  -v br="$base_rate" -v bc="$base_cpu" -v orr="$old_rate" -v oc="$old_cpu" -v hr="$hook_rate" -v hc="$hook_cpu" -v rc="$receiver_cpu" -v s="$SECONDS_MEASURED" \
  -v p50="$(field p50 <<<"$S")" -v p90="$(field p90 <<<"$S")" -v p99="$(field p99 <<<"$S")" -v mx="$(field max <<<"$S")" \
  -v n="$(field count <<<"$S")" -v bad="$(field unverified <<<"$S")" -v dup="$(field duplicates <<<"$S")" \
  -v rate="$RATE" -v ir="$iso_rate" -v ic="$iso_cpu" -v ibr="$iso_base_rate" -v ibc="$iso_base_cpu" \
  -v i50="$(field p50 <<<"$I")" -v i90="$(field p90 <<<"$I")" -v i99="$(field p99 <<<"$I")" -v imx="$(field max <<<"$I")" \
  -v in_="$(field count <<<"$I")" -v ibad="$(field unverified <<<"$I")" -v idup="$(field duplicates <<<"$I")" \
  -v cn="$(field count <<<"$C")" -v cbad="$(field unverified <<<"$C")" -v cdup="$(field duplicates <<<"$C")" 'BEGIN {
  printf "## Status webhooks (bench/webhooks/run.sh)\n\n"
  printf "Isolated: %.1f status changes/s written by pgbench (%s s measured):\n", ir, s
  printf "- event to delivery: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms; %d deliveries, %d unverified, %d duplicate ids\n", i50, i90, i99, imx, in_, ibad, idup
  printf "- Switchboard CPU per status change: %d us with the endpoint, %d us without it (%.1f changes/s; the JMS feed publishes them too): webhooks cost %d us per change, %.1f %% of a core at %.0f changes/s\n\n", ic, ibc, ibr, ic - ibc, (ic - ibc) * ir / 1e4, ir
  printf "Whole pipeline: %.1f status changes/s (%s msg/s through the API, %s s measured):\n", hr, rate, s
  printf "- event to delivery (data.time to arrival at the receiver): p50 %d ms, p90 %d ms, p99 %d ms, max %d ms; %d deliveries, %d unverified, %d duplicate ids\n", p50, p90, p99, mx, n, bad, dup
  printf "- Switchboard CPU per status change: %d us with the endpoint, %d us without it (%.1f changes/s): webhooks cost %d us per change (%.1f %% of a core at this rate); the receiver (node, verifying) %.1f s CPU\n", hc, bc, br, hc - bc, (hc - bc) * hr / 1e4, rc
  if (orr > 0) printf "- the baseline jar, no endpoint: %d us per status change (%.1f changes/s): the fan-out with nobody subscribed costs %d us per change\n", oc, orr, bc - oc
  printf "Catch-up: %d events fanned out and delivered in %.1f s = %.0f deliveries/s, Switchboard CPU %.0f us per delivery; %d arrived, %d unverified, %d duplicate ids\n", b, t1 - t0, b / (t1 - t0), c / tick / b * 1e6, cn, cbad, cdup
}' | tee "$WORK/result.md"
say "(work files in $WORK)"
