#!/usr/bin/env bash
# Throttle accuracy: for each configured rate, queue rate × DURATION_S messages, let the fat jar send them
# to its built-in sandbox on PostgreSQL, and compare the achieved rate with the configured one.
# Prints per phase: configured, achieved, error %, busiest one-second window. See README.md beside this script.
set -euo pipefail

DURATION_S=${DURATION_S:-60}
# Sends in the first WARMUP_S seconds (a just-started JVM, the file still importing) are not measured; the
# "whole" column gives the rate over every send, warm-up included.
WARMUP_S=${WARMUP_S:-10}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$ROOT/target/switchboard.jar}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=${PORT:-$(free_port)}
JMS_PORT=${JMS_PORT:-$(free_port)}
DB=switchboard_bench_throttle
DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres&password=postgres&reWriteBatchedInserts=true"
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)
export PGPASSWORD=postgres
KEY=bench-$RANDOM$RANDOM
WORK=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-bench-throttle.XXXXXX")

[ -f "$JAR" ] || { echo "no $JAR: build it first with: mvn -B -q package -DskipTests" >&2; exit 1; }

PID=
stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=; fi; }
trap stop EXIT

# phase NAME ACCOUNT_RATE SENDER SENDER_RATES: the measured rate is min(sender's rate, account rate).
phase() {
  local name=$1 account=$2 sender=$3 overrides=$4 rate=$5
  local count=$(awk -v r="$rate" -v d="$((DURATION_S + WARMUP_S))" 'BEGIN { printf "%d", r * d + 1 }')
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null 2>&1
  rm -rf "$WORK/$name"; mkdir -p "$WORK/$name/inbox" "$WORK/$name/data"
  (
    cd "$ROOT"
    exec env -u TWILIO_ACCOUNT_SID -u TWILIO_AUTH_TOKEN \
      SWITCHBOARD_DB_URL="$DB_URL" SWITCHBOARD_HTTP_PORT="$PORT" SWITCHBOARD_API_KEYS="$KEY" \
      SWITCHBOARD_JMS_EMBEDDED_PORT="$JMS_PORT" SWITCHBOARD_DATA_DIR="$WORK/$name/data" \
      SWITCHBOARD_INBOX_DIR="$WORK/$name/inbox" SWITCHBOARD_ROUTES_RELOAD=false \
      SWITCHBOARD_RATE_MPS="$account" SWITCHBOARD_SENDER_RATES="$overrides" \
      SWITCHBOARD_SANDBOX_CALLBACK_DELAY_MS="$CALLBACK_DELAY_MS" \
      BENCH_SENDS="$WORK/$name/sends.log" \
      java -Dlogback.configurationFile="$ROOT/bench/throttle/logback.xml" ${JAVA_OPTS:-} -jar "$JAR" > "$WORK/$name/switchboard.log" 2>&1
  ) &
  PID=$!
  for _ in $(seq 1 120); do
    kill -0 "$PID" 2>/dev/null || { echo "Switchboard did not start:" >&2; tail -20 "$WORK/$name/switchboard.log" >&2; exit 1; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/api/v1/imports")" = 200 ] && break
    kill -0 "$PID" 2>/dev/null || { echo "Switchboard did not start:" >&2; tail -20 "$WORK/$name/switchboard.log" >&2; exit 1; }
    sleep 0.5
  done
  # One file, imported in about a second: the outbox holds the whole phase before the schedule runs dry.
  awk -v n="$count" -v from="$sender" 'BEGIN {
    print "to,from,body"
    for (i = 0; i < n; i++) printf "+1415%07d,%s,Throttle bench %d\n", 2000000 + i, from, i
  }' > "$WORK/$name/inbox/$name.csv.part"
  mv "$WORK/$name/inbox/$name.csv.part" "$WORK/$name/inbox/$name.csv"
  local sent=0 deadline=$((SECONDS + DURATION_S * 3 + 60))
  while [ "$sent" -lt "$count" ]; do
    sleep 2
    sent=$("${PSQL[@]}" -d "$DB" -At -c "SELECT count(*) FROM message_event WHERE source = 'twilio-api'" 2>/dev/null || echo 0)
    [ "$SECONDS" -lt "$deadline" ] || { echo "$name: only $sent of $count sent in time" >&2; break; }
    kill -0 "$PID" 2>/dev/null || { echo "Switchboard died:" >&2; tail -20 "$WORK/$name/switchboard.log" >&2; exit 1; }
  done
  # The moment each create request left for Twilio (DispatchStamps' DEBUG line: "2026-01-01 10:00:00,123 Twilio request ...").
  grep ' Twilio request for ' "$WORK/$name/sends.log" | python3 -c '
import sys, datetime
for line in sys.stdin:
    print("%.3f" % datetime.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp())' | sort -n > "$WORK/$name/sent.txt"
  local late=$(grep -c 'late for its send time' "$WORK/$name/switchboard.log" || true)
  stop
  python3 - "$WORK/$name/sent.txt" "$name" "$rate" "$late" "$WARMUP_S" <<'PY'
import sys
every = [float(l) for l in open(sys.argv[1]) if l.strip()]
name, rate, warmup = sys.argv[2], float(sys.argv[3]), float(sys.argv[5])
times = [t for t in every if t >= every[0] + warmup] if every else []
if len(times) < 2:
    print("%-22s %9.2f  (only %d sends after the warm-up)" % (name, rate, len(times))); sys.exit()
whole = (len(every) - 1) / (every[-1] - every[0])
span = times[-1] - times[0]
achieved = (len(times) - 1) / span
busiest, j = 0, 0  # over every send, warm-up included
for i, t in enumerate(every):
    while t - every[j] >= 1.0:
        j += 1
    busiest = max(busiest, i - j + 1)
print("%-22s %9.2f %9.2f %+8.2f %% %9d %8.1f s %6d %6s %9.2f" % (name, rate, achieved, 100 * (achieved - rate) / rate,
      busiest, span, len(times), sys.argv[4], whole))
PY
}

echo "Throttle accuracy, $DURATION_S s per phase after $WARMUP_S s of warm-up (send times: when each request left for Twilio); logs in $WORK"
# Status callbacks are held back past the run unless CALLBACKS=on: at 225 MPS the fake Twilio's two callbacks per
# message and their handling saturate a 2-core machine, and the phase then measures the machine, not the throttle.
if [ "${CALLBACKS:-off}" = on ]; then CALLBACK_DELAY_MS=150; else CALLBACK_DELAY_MS=3600000; fi
echo "Status callbacks: ${CALLBACKS:-off} (CALLBACKS=on to include them)"
printf '%-22s %9s %9s %10s %9s %10s %6s %6s %9s\n' phase configured achieved error busiest/s span sends late whole
[ -n "${PHASES:-}" ] || PHASES="account-80 long-code-1 toll-free-3 override-225"
run() { case " $PHASES " in *" $1 "*) phase "$@" ;; esac; }
run account-80           80  ""             ""                     80
run long-code-1          80  +14155550101   ""                     1
run toll-free-3          80  +18005550100   ""                     3
run override-225         225 +14155550102   "+14155550102=225"     225
