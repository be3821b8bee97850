#!/usr/bin/env bash
# Retention on a large table: ROWS (1,000,000) delivered messages 31 days old, with a history row each, in a fresh
# PostgreSQL database; Switchboard starts with SWITCHBOARD_RETENTION_DAYS=30 and its first retention run erases them.
# Prints the run's own line: rows, wall time, batches and the longest batch (the longest any lock was held).
# See README.md beside this script.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$ROOT/target/switchboard.jar}
ROWS=${ROWS:-1000000}
BATCH=${BATCH:-1000}
DB=switchboard_bench_retention
DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres&password=postgres"
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)
export PGPASSWORD=postgres
WORK=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-bench-retention.XXXXXX")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
JMS_PORT=$(free_port)

[ -f "$JAR" ] || { echo "no $JAR: build it first with: mvn -B -q package -DskipTests" >&2; exit 1; }
PID=
stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=; fi; }
trap stop EXIT

start() { # start DAYS PERIOD_MS LOG
  env -u TWILIO_ACCOUNT_SID -u TWILIO_AUTH_TOKEN SWITCHBOARD_DB_URL="$DB_URL" SWITCHBOARD_HTTP_PORT="$PORT" \
    SWITCHBOARD_API_KEYS=bench-retention-key-0123 SWITCHBOARD_DATA_DIR="$WORK/data" \
    SWITCHBOARD_JMS_EMBEDDED_PORT="$JMS_PORT" SWITCHBOARD_ROUTES_RELOAD=false \
    SWITCHBOARD_RETENTION_DAYS="$1" SWITCHBOARD_RETENTION_PERIOD_MS="$2" SWITCHBOARD_RETENTION_BATCH="$BATCH" \
    java -jar "$JAR" > "$3" 2>&1 &
  PID=$!
  for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/observe/health/ready")" = 200 ] && return
    kill -0 "$PID" 2>/dev/null || { echo "Switchboard did not start:" >&2; tail -20 "$3" >&2; exit 1; }
    sleep 0.5
  done
}

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null 2>&1
echo "Creating the schema ..."
start 0 3600000 "$WORK/schema.log"
stop
echo "Inserting $ROWS delivered messages, 31 days old, each with its history row ..."
# Ids below any id of the last 30 days ('msg_00...' sorts before 'msg_01...', the ULID prefix of 1970 + 2^40 ms).
"${PSQL[@]}" -d "$DB" <<SQL
INSERT INTO message (id, channel, to_number, from_number, body, segments, encoding, status, source, fingerprint,
                     twilio_sid, attempts, created_at, updated_at, priority)
SELECT 'msg_00' || lpad(i::text, 24, '0'), 'sms', '+1415' || lpad((2000000 + i)::text, 7, '0'), '+15005550006',
       'Your order ' || i || ' has shipped and will arrive on Tuesday', 1, 'gsm7', 'delivered', 'file', 'fp',
       'SM' || md5(i::text), 1, now() - interval '31 days', now() - interval '31 days', 'bulk'
  FROM generate_series(1, $ROWS) AS i;
INSERT INTO message_event (message_id, status, source, applied, occurred_at)
SELECT 'msg_00' || lpad(i::text, 24, '0'), 'delivered', 'twilio-callback', true, now() - interval '31 days'
  FROM generate_series(1, $ROWS) AS i;
VACUUM ANALYZE message;
SQL
echo "Starting Switchboard with SWITCHBOARD_RETENTION_DAYS=30 (first run 5 s after start) ..."
start 30 5000 "$WORK/switchboard.log"
for _ in $(seq 1 1200); do
  grep -q 'Retention (30 days): erased' "$WORK/switchboard.log" && break
  kill -0 "$PID" 2>/dev/null || { echo "Switchboard died:" >&2; tail -20 "$WORK/switchboard.log" >&2; exit 1; }
  sleep 1
done
stop
LINE=$(grep -o 'Retention (30 days): erased.*' "$WORK/switchboard.log" | head -1)
echo "$LINE"
python3 - "$LINE" "$ROWS" "$BATCH" <<'PY'
import re, sys
line, rows, batch = sys.argv[1], int(sys.argv[2]), sys.argv[3]
m = re.search(r'erased (\d+) messages.* in (\d+) ms \((\d+) batches, the longest (\d+) ms\)', line)
erased, ms, batches, longest = map(int, m.groups())
print("rows %d, erased %d, wall %.1f s, %.0f rows/s, %d batches of %s, longest batch (lock held) %d ms"
      % (rows, erased, ms / 1000, erased / (ms / 1000), batches, batch, longest))
PY
LEFT=$("${PSQL[@]}" -d "$DB" -At -c "SELECT count(*) FROM message WHERE body IS NOT NULL")
echo "messages still holding a body: $LEFT"
