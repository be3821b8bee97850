#!/usr/bin/env bash
# Priority lanes (issue 15): drop a BULK-row file (bulk, as the inbox's default says) for the default sender, then
# send TX transactional requests through the API, one every GAP_S seconds, while the backlog is sending. Reports
# each transactional message's wait (202 to Twilio's answer, from the database's history: p50, p99, max) and the
# rate over that window with both lanes busy (achieved vs configured, busiest one-second window, bulk's share).
#   bench/priority/run.sh                  # 100,000 bulk rows, 100 transactional messages, 80/s
#   BULK=20000 TX=40 RATE=40 bench/priority/run.sh
set -euo pipefail

BULK=${BULK:-100000}
TX=${TX:-100}
GAP_S=${GAP_S:-0.5}
RATE=${RATE:-80}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$ROOT/target/switchboard.jar}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=${PORT:-$(free_port)}
JMS_PORT=${JMS_PORT:-$(free_port)}
DB=switchboard_bench_priority
DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres&password=postgres&reWriteBatchedInserts=true"
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)
export PGPASSWORD=postgres
KEY=bench-$RANDOM$RANDOM
WORK=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-bench-priority.XXXXXX")

[ -f "$JAR" ] || { echo "no $JAR: build it first with: mvn -B -q package -DskipTests" >&2; exit 1; }
PID=
stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=; fi; }
trap stop EXIT

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null 2>&1
mkdir -p "$WORK/inbox" "$WORK/data"
(
  cd "$ROOT"
  # Status callbacks held back past the run, as in bench/throttle: the machine's cores go to sending.
  exec env -u TWILIO_ACCOUNT_SID -u TWILIO_AUTH_TOKEN \
    SWITCHBOARD_DB_URL="$DB_URL" SWITCHBOARD_HTTP_PORT="$PORT" SWITCHBOARD_API_KEYS="$KEY" SWITCHBOARD_API_RATE=0 \
    SWITCHBOARD_JMS_EMBEDDED_PORT="$JMS_PORT" SWITCHBOARD_DATA_DIR="$WORK/data" \
    SWITCHBOARD_INBOX_DIR="$WORK/inbox" SWITCHBOARD_ROUTES_RELOAD=false SWITCHBOARD_RATE_MPS="$RATE" \
    SWITCHBOARD_SANDBOX_CALLBACK_DELAY_MS=3600000 BENCH_SENDS="$WORK/sends.log" \
    java -Dlogback.configurationFile="$ROOT/bench/throttle/logback.xml" ${JAVA_OPTS:-} -jar "$JAR" > "$WORK/switchboard.log" 2>&1
) &
PID=$!
for _ in $(seq 1 120); do
  kill -0 "$PID" 2>/dev/null || { echo "Switchboard did not start:" >&2; tail -20 "$WORK/switchboard.log" >&2; exit 1; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT/api/v1/imports")" = 200 ] && break
  sleep 0.5
done
awk -v n="$BULK" 'BEGIN { print "to,body"; for (i = 0; i < n; i++) printf "+1415%07d,Campaign %d\n", 2000000 + i, i }' \
  > "$WORK/inbox/campaign.csv.part"
mv "$WORK/inbox/campaign.csv.part" "$WORK/inbox/campaign.csv"
echo "Priority lanes: $BULK bulk rows, then $TX transactional requests every $GAP_S s, sender and account at $RATE/s; logs in $WORK"
python3 - "$PORT" "$KEY" "$TX" "$GAP_S" "$DB" "$WORK" "$RATE" <<'PY'
import datetime, json, subprocess, sys, time, urllib.request
port, key, tx, gap, db, work, rate = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6], float(sys.argv[7])
base = "http://127.0.0.1:%s" % port
def call(path, body=None):
    req = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())
def sql(q):
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-At", "-F", "\t", "-c", q],
                          capture_output=True, text=True, check=True).stdout
t0 = time.time()
while True:
    try:
        imp = call("/api/v1/imports/campaign.csv")
        if imp["status"] in ("done", "failed"):
            break
    except Exception:
        pass
    time.sleep(0.5)
print("bulk file imported in %.1f s: %s accepted" % (time.time() - t0, imp.get("accepted")))
time.sleep(5)  # the backlog is sending
start = time.time()
ids = []
for i in range(tx):
    ids.append(call("/api/v1/messages", {"to": "+1415%07d" % (9000000 + i), "body": "Your code is %06d" % i})["id"])
    time.sleep(max(0.0, start + (i + 1) * gap - time.time()))
idlist = ",".join("'%s'" % i for i in ids)
while True:
    n = int(sql("SELECT count(*) FROM message_event WHERE source = 'twilio-api' AND message_id IN (%s)" % idlist))
    if n == len(ids):
        break
    time.sleep(1)
rows = sql("SELECT EXTRACT(EPOCH FROM (e.occurred_at - m.created_at)) FROM message m JOIN message_event e"
           " ON e.message_id = m.id AND e.source = 'twilio-api' WHERE m.id IN (%s)" % idlist)
waits = sorted(float(x) for x in rows.split())
def pct(p):
    return waits[min(len(waits) - 1, int(round(p / 100.0 * (len(waits) - 1))))]
print("transactional wait (202 to Twilio's answer), %d messages: p50 %.3f s, p99 %.3f s, max %.3f s"
      % (len(waits), pct(50), pct(99), waits[-1]))
window = sql("SELECT EXTRACT(EPOCH FROM MIN(m.created_at)), EXTRACT(EPOCH FROM MAX(e.occurred_at)) FROM message m"
             " JOIN message_event e ON e.message_id = m.id AND e.source = 'twilio-api' WHERE m.id IN (%s)" % idlist).split()
lo, hi = float(window[0]), float(window[1])
sends = []
for line in open(work + "/sends.log"):
    if " Twilio request for " in line:
        t = datetime.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()
        if lo <= t <= hi:
            sends.append(t)
sends.sort()
busiest, j = 0, 0
for i, t in enumerate(sends):
    while t - sends[j] >= 1.0:
        j += 1
    busiest = max(busiest, i - j + 1)
achieved = (len(sends) - 1) / (sends[-1] - sends[0])
print("both lanes busy for %.1f s: %d sends, configured %.2f/s, achieved %.2f/s (%+.2f %%), busiest second %d;"
      " bulk's share %.1f %%" % (hi - lo, len(sends), rate, achieved, 100 * (achieved - rate) / rate, busiest,
                                 100.0 * (len(sends) - len(ids)) / len(sends)))
PY
