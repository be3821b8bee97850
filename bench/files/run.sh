#!/usr/bin/env bash
# File inbox benchmark: a 1,000,000-row CSV through the fat jar on PostgreSQL with -Xmx256m.
# Prints rows/s, peak heap and peak RSS. See README.md beside this script.
set -euo pipefail

ROWS=${ROWS:-1000000}
# WARMUP_ROWS=N: import an N-row file first in the same JVM and measure the second (a running server's speed;
# the default 0 measures a JVM that has just started, JIT compilation included).
WARMUP_ROWS=${WARMUP_ROWS:-0}
HEAP=${HEAP:-256m}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$ROOT/target/switchboard.jar}
# reWriteBatchedInserts: pgjdbc sends each JDBC batch as multi-row INSERTs (see README.md).
DEFAULT_DB_URL='jdbc:postgresql://127.0.0.1:5432/switchboard_bench?user=postgres&password=postgres&reWriteBatchedInserts=true'
DB_URL=${SWITCHBOARD_DB_URL:-$DEFAULT_DB_URL}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-bench-files.XXXXXX")
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
JMS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
KEY=bench-$RANDOM$RANDOM
RUN_ID=$(date +%Y%m%d%H%M%S)

[ -f "$JAR" ] || { echo "no $JAR: build it first with: mvn -B -q package -DskipTests" >&2; exit 1; }

# The default bench database is dropped and made anew, so every run starts from an empty outbox.
if [ "$DB_URL" = "$DEFAULT_DB_URL" ]; then
  PSQL=(psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -q)
  PGPASSWORD=postgres "${PSQL[@]}" -c 'DROP DATABASE IF EXISTS switchboard_bench' \
    -c 'CREATE DATABASE switchboard_bench' >/dev/null 2>&1
fi

echo "Generating $ROWS rows in $WORK/inbox-source/bench.csv ..."
mkdir -p "$WORK/inbox" "$WORK/inbox-source" "$WORK/data"
# Distinct possible US numbers (8,000,000 per area code: exchanges 200-999); a quoted body with a comma; two
# extra columns become tags. The run id makes the content new on every run, so a reused database never takes
# the file for one it saw before.
awk -v rows="$ROWS" -v run="$RUN_ID" 'BEGIN {
  print "to,body,customer,run"
  split("415 510 650 408 212 646 917 718", area, " ")
  for (i = 0; i < rows; i++)
    printf "+1%s%07d,\"Hello %d, your order %d is ready for pick-up.\",C%d,%s\n", area[int(i / 8000000) + 1], 2000000 + i % 8000000, i, 500000 + i, i, run
}' > "$WORK/inbox-source/bench.csv"
ls -l "$WORK/inbox-source/bench.csv" | awk '{ printf "File: %.1f MB\n", $5 / 1048576 }'
HASH=$(sha256sum "$WORK/inbox-source/bench.csv" | cut -d' ' -f1)

echo "Starting Switchboard (-Xmx$HEAP) on port $PORT ..."
(
  cd "$ROOT"
  exec env -u TWILIO_ACCOUNT_SID -u TWILIO_AUTH_TOKEN \
    SWITCHBOARD_DB_URL="$DB_URL" SWITCHBOARD_HTTP_PORT="$PORT" SWITCHBOARD_JMS_EMBEDDED_PORT="$JMS_PORT" SWITCHBOARD_API_KEYS="$KEY" \
    SWITCHBOARD_DATA_DIR="$WORK/data" SWITCHBOARD_INBOX_DIR="$WORK/inbox" \
    SWITCHBOARD_RATE_MPS="${SWITCHBOARD_RATE_MPS:-1}" SWITCHBOARD_ROUTES_RELOAD=false \
    java -Xmx"$HEAP" -Xlog:gc:file="$WORK/gc.log" ${JAVA_OPTS:-} -jar "$JAR" > "$WORK/switchboard.log" 2>&1
) &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT

api() { curl -s -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT$1"; }
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/api/v1/imports")" = 200 ] && break
  kill -0 $PID 2>/dev/null || { echo "Switchboard did not start:" >&2; tail -20 "$WORK/switchboard.log" >&2; exit 1; }
  sleep 0.5
done

if [ "$WARMUP_ROWS" -gt 0 ]; then
  echo "Warming up: importing $WARMUP_ROWS other rows first ..."
  awk -v rows="$WARMUP_ROWS" -v run="$RUN_ID" 'BEGIN {
    print "to,body,customer,run"
    for (i = 0; i < rows; i++)
      printf "+1646%07d,\"Warm-up %d, your order %d is ready for pick-up.\",W%d,%s\n", 2000000 + i, i, 500000 + i, i, run
  }' > "$WORK/inbox/warmup.csv.part"
  mv "$WORK/inbox/warmup.csv.part" "$WORK/inbox/warmup.csv"
  until [ -f "$WORK/inbox/done/warmup.csv" ]; do
    kill -0 $PID 2>/dev/null || { echo "Switchboard died:" >&2; tail -20 "$WORK/switchboard.log" >&2; exit 1; }
    sleep 0.5
  done
fi

# CPU seconds used so far: the JVM, every PostgreSQL process, and the whole machine (from /proc).
cpu_of() { local t=0; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo "$t"; }
machine_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
PG_PIDS() { pgrep -u postgres || true; }
JAVA_CPU0=$(cpu_of "$PID"); PG_CPU0=$(cpu_of $(PG_PIDS)); BUSY0=$(machine_busy)
# PostgreSQL's CPU by process kind (backends, autovacuum, checkpointer, WAL writer, ...), before and after.
pg_by_kind() { for p in $(PG_PIDS); do [ -r "/proc/$p/stat" ] && printf '%s\t%s\t%s\n' "$p" \
  "$(awk '{ print $14 + $15 }' "/proc/$p/stat")" "$(tr '\0' ' ' < "/proc/$p/cmdline" | sed 's/postgres: [0-9]*\/main: //' | cut -c1-40)"; done; }
pg_by_kind > "$WORK/pg0.tsv"

echo "Dropping the file ..."
cp "$WORK/inbox-source/bench.csv" "$WORK/inbox/bench.csv.part"
DROPPED=$(date +%s.%N)
mv "$WORK/inbox/bench.csv.part" "$WORK/inbox/bench.csv"

STATUS=processing
while :; do
  JSON=$(api /api/v1/imports/bench.csv || true)
  # The newest import named bench.csv is this run's once its content hash matches.
  # Plain text matching, not a python3 per poll: the poller's own CPU is counted as "everything else".
  STATUS=waiting
  case "$JSON" in *"\"$HASH\""*) STATUS=$(printf '%s' "$JSON" | grep -o '"status":"[a-z]*"' | head -1 | cut -d'"' -f4) ;; esac
  case "$STATUS" in done|failed|skipped) break ;; esac
  kill -0 $PID 2>/dev/null || { echo "Switchboard died:" >&2; tail -20 "$WORK/switchboard.log" >&2; exit 1; }
  sleep 0.5
done
FINISHED=$(date +%s.%N)
JAVA_CPU1=$(cpu_of "$PID"); PG_CPU1=$(cpu_of $(PG_PIDS)); BUSY1=$(machine_busy)
RSS_PEAK_KB=$(awk '/VmHWM/ { print $2 }' "/proc/$PID/status")
pg_by_kind > "$WORK/pg1.tsv"

printf '%s' "$JSON" | python3 -c '
import json, sys, datetime, re
j = json.load(sys.stdin)
t = lambda s: datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
secs = (t(j["finishedAt"]) - t(j["startedAt"])).total_seconds()
print("Import:     %s, %d rows (%d accepted, %d rejected, %d duplicates)" % (j["status"], j["rows"], j["accepted"], j["rejected"], j["duplicates"]))
print("Time:       %.1f s from the inbox taking the file to done (first pass, hash and header check included)" % secs)
print("Throughput: %.0f rows/s" % (j["rows"] / secs))
'
awk -v d="$DROPPED" -v f="$FINISHED" -v n="$ROWS" 'BEGIN {
  printf "Wall clock: %.1f s from drop to done, %.0f rows/s (adds the read-lock wait and polling)\n", f - d, n / (f - d) }'
# GC log lines: "... Pause Young (Normal) (G1 Evacuation Pause) 150M->40M(256M) 5.1ms": the peak is the largest "before".
python3 - "$WORK/gc.log" <<'PY'
import re, sys
before = [int(m.group(1)) for m in re.finditer(r"(\d+)M->\d+M\(\d+M\)", open(sys.argv[1]).read())]
committed = [int(m.group(1)) for m in re.finditer(r"\d+M->\d+M\((\d+)M\)", open(sys.argv[1]).read())]
print("Peak heap:  %d MB used before a GC (largest committed heap %d MB, %d GCs)" % (max(before or [0]), max(committed or [0]), len(before)))
PY
TICK=$(getconf CLK_TCK)
awk -v j=$((JAVA_CPU1 - JAVA_CPU0)) -v p=$((PG_CPU1 - PG_CPU0)) -v b=$((BUSY1 - BUSY0)) -v t="$TICK" \
    -v w="$(awk -v d="$DROPPED" -v f="$FINISHED" 'BEGIN { print f - d }')" -v n="$(nproc)" 'BEGIN {
  printf "CPU:        Switchboard %.1f s, PostgreSQL %.1f s, everything else on the machine %.1f s, in %.1f s on %d cores\n",
    j / t, p / t, (b - j - p) / t, w, n }'
echo "Peak RSS:   $((RSS_PEAK_KB / 1024)) MB (VmHWM of the JVM process)"
echo "PostgreSQL CPU by process (s during the import):"
awk -F'\t' -v t="$TICK" 'NR == FNR { c0[$1] = $2; next } { k = $3; sub(/ [0-9.]+\(?[0-9]*\)? .*$/, "", k); sub(/ switchboard_bench.*/, " (a connection)", k); s[k] += ($2 - c0[$1]) / t }
  END { for (k in s) if (s[k] >= 0.1) printf "%8.1f  %s\n", s[k], k }' "$WORK/pg0.tsv" "$WORK/pg1.tsv" | sort -rn
# Where the JVM's CPU went over its whole life (start-up included), by thread name without numbers.
echo "JVM threads (CPU s since start, grouped):"
for t in /proc/$PID/task/*; do
  awk -v t="$TICK" '{ match($0, /\(.*\)/); n = substr($0, RSTART + 1, RLENGTH - 2); split(substr($0, RSTART + RLENGTH + 1), f, " ");
    gsub(/[0-9]+/, "#", n); printf "%s\t%.2f\n", n, (f[12] + f[13]) / t }' "$t/stat"
done | awk -F'\t' '{ s[$1] += $2 } END { for (n in s) printf "%8.1f  %s\n", s[n], n }' | sort -rn | head -10
echo "Logs:       $WORK/switchboard.log, $WORK/gc.log"
