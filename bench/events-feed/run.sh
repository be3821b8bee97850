#!/usr/bin/env bash
# Events feed catch-up: how fast Switchboard publishes a backlog of status events to the JMS topic
# switchboard.events, and the JVM CPU per event. Needs the database bench/files/run.sh leaves behind
# (switchboard_bench with 1,000,000 'accepted' events); rewinds the feed's cursor to 0 and measures.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$ROOT/target/switchboard.jar}
SECONDS_MEASURED=${SECONDS_MEASURED:-30}
DB_URL='jdbc:postgresql://127.0.0.1:5432/switchboard_bench?user=postgres&password=postgres'
PSQL=(psql -h 127.0.0.1 -U postgres -d switchboard_bench -tA)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-bench-feed.XXXXXX")
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
JMS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

[ -f "$JAR" ] || { echo "no $JAR: build it first with: mvn -B -q package -DskipTests" >&2; exit 1; }
EVENTS=$(PGPASSWORD=postgres "${PSQL[@]}" -c 'SELECT COUNT(*) FROM message_event' 2>/dev/null) \
  || { echo "no switchboard_bench database: run bench/files/run.sh first" >&2; exit 1; }
PGPASSWORD=postgres "${PSQL[@]}" -c "UPDATE event_publication SET last_id = 0" >/dev/null
cursor() { PGPASSWORD=postgres "${PSQL[@]}" -c "SELECT last_id FROM event_publication WHERE feed = 'status-events'"; }

echo "Backlog: $EVENTS events; starting Switchboard on port $PORT ..."
env -u TWILIO_ACCOUNT_SID -u TWILIO_AUTH_TOKEN SWITCHBOARD_DB_URL="$DB_URL" SWITCHBOARD_HTTP_PORT="$PORT" \
  SWITCHBOARD_API_KEYS=bench SWITCHBOARD_DATA_DIR="$WORK/data" SWITCHBOARD_JMS_EMBEDDED_PORT="$JMS_PORT" \
  SWITCHBOARD_RATE_MPS=1 SWITCHBOARD_ROUTES_RELOAD=false java -Xmx256m -jar "$JAR" > "$WORK/switchboard.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/observe/health/ready")" = 200 ] && break
  sleep 0.5
done
sleep 10 # past start-up and the first rounds' JIT
TICK=$(getconf CLK_TCK)
C0=$(awk '{ print $14 + $15 }' /proc/$PID/stat); L0=$(cursor)
sleep "$SECONDS_MEASURED"
C1=$(awk '{ print $14 + $15 }' /proc/$PID/stat); L1=$(cursor)
THREADS=$(for t in /proc/$PID/task/*; do
  awk -v t="$TICK" '{ match($0, /\(.*\)/); n = substr($0, RSTART + 1, RLENGTH - 2); split(substr($0, RSTART + RLENGTH + 1), f, " ");
    gsub(/[0-9]+/, "#", n); printf "%s\t%.2f\n", n, (f[12] + f[13]) / t }' "$t/stat"
done | awk -F'\t' '{ s[$1] += $2 } END { for (n in s) printf "%8.1f  %s\n", s[n], n }' | sort -rn | head -8)
awk -v n=$((L1 - L0)) -v c=$((C1 - C0)) -v t="$TICK" -v s="$SECONDS_MEASURED" 'BEGIN {
  printf "Published:  %d events in %d s = %.0f events/s\n", n, s, n / s
  printf "JVM CPU:    %.1f s = %.0f us per event (the whole JVM: feed, broker, dispatcher idle)\n", c / t, n ? c / t / n * 1e6 : 0 }'
echo "JVM threads (CPU s since start, grouped):"; echo "$THREADS"
