#!/usr/bin/env bash
# The status page's charts (GET /ui/api/charts) on a busy hour: ROWS (3,600,000: 1,000 messages a second for an hour)
# messages created over the last hour in a fresh PostgreSQL database. Prints PostgreSQL's execution time of the
# charts' query and of the metrics' last-hour query (5 runs each), then the endpoint's first answer (a new reading)
# and the next ones (the reading reused). See README.md beside this script.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$ROOT/target/switchboard.jar}
ROWS=${ROWS:-3600000}
DB=switchboard_bench_charts
DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres&password=postgres"
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)
export PGPASSWORD=postgres
WORK=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-bench-charts.XXXXXX")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
JMS_PORT=$(free_port)
KEY=bench-charts-key-0123

[ -f "$JAR" ] || { echo "no $JAR: build it first with: mvn -B -q package -DskipTests" >&2; exit 1; }
PID=
stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=; fi; }
trap stop EXIT
start() {
  env -u TWILIO_ACCOUNT_SID -u TWILIO_AUTH_TOKEN SWITCHBOARD_DB_URL="$DB_URL" SWITCHBOARD_HTTP_PORT="$PORT" \
    SWITCHBOARD_API_KEYS=$KEY SWITCHBOARD_DATA_DIR="$WORK/data" SWITCHBOARD_JMS_EMBEDDED_PORT="$JMS_PORT" \
    SWITCHBOARD_ROUTES_RELOAD=false java -Xmx256m -jar "$JAR" > "$WORK/switchboard.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/observe/health/ready")" = 200 ] && return
    kill -0 "$PID" 2>/dev/null || { echo "Switchboard did not start:" >&2; tail -20 "$WORK/switchboard.log" >&2; exit 1; }
    sleep 0.5
  done
}

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null 2>&1
start && stop # the schema (Flyway)
echo "loading $ROWS messages over the last hour"
java -cp "$JAR" "$ROOT/bench/charts/HourOfMessages.java" "$ROWS" | "${PSQL[@]}" -d "$DB" -c "COPY message (id, channel,
  to_number, segments, encoding, status, source, fingerprint, error_code, created_at, updated_at) FROM STDIN (FORMAT csv)"
"${PSQL[@]}" -d "$DB" -c "VACUUM ANALYZE message"

LOW=$(java -cp "$JAR" "$ROOT/bench/charts/HourOfMessages.java" 0 lowest)
SINCE=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
WHERE="FROM message WHERE id >= '$LOW' AND created_at >= '$SINCE'"
explain() { # explain NAME QUERY
  for _ in 1 2 3 4 5; do
    "${PSQL[@]}" -d "$DB" -tAc "EXPLAIN (ANALYZE, TIMING OFF) $2" | sed -n "s/Execution Time: \(.*\)/$1: \1/p"
  done
}
# OpsStore.perMinuteSince (the charts) and OpsStore.countsSince (switchboard_messages), as Switchboard sends them.
explain charts "SELECT DATE_TRUNC('MINUTE', created_at) AS at_minute, channel, status, error_code, COUNT(*) AS n $WHERE
  GROUP BY DATE_TRUNC('MINUTE', created_at), channel, status, error_code"
explain metrics "SELECT channel, status, COUNT(*) AS n $WHERE GROUP BY channel, status ORDER BY channel, status"

start
for i in 1 2 3; do
  curl -s -o /dev/null -w "GET /ui/api/charts: %{http_code} in %{time_total} s\n" -H "Authorization: Bearer $KEY" \
    "http://127.0.0.1:$PORT/ui/api/charts"
done
