#!/usr/bin/env bash
# Every Switchboard benchmark in one command: writes bench/results/<date>.md and the raw data beside it in
# bench/results/<date>/. See bench/README.md (set-up, what each figure means, targets, one part at a time).
#
#   bench/run.sh                      # the full run (about 45 minutes: the 10,000,000-row file, the mixed load)
#   QUICK=1 bench/run.sh              # every part shortened (about 5 minutes): proves the harness, rough figures
#   PARTS="accept dispatch" bench/run.sh   # some parts only (machine accept dispatch callbacks throttle files startup
#                                          # bulk mixed cold: bench/load/parts.sh)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
QUICK=${QUICK:-0}
PARTS=${PARTS:-"machine accept dispatch callbacks throttle files startup bulk mixed cold"}
STAMP=$(date -u +%Y-%m-%d-%H%M)
OUT=$ROOT/bench/results/$STAMP
REPORT=$ROOT/bench/results/$STAMP.md
WORK=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-bench.XXXXXX")
JAR=$ROOT/target/switchboard.jar

# Durations and sizes (QUICK=1 shortens every part).
if [ "$QUICK" = 1 ]; then
  D_WARM=5; D_PEAK=8; D_OPEN=10; D_DISPATCH=12; D_SEED=5; D_CB=8; FILE_ROWS=100000; FILE_ROWS_BIG=1000000; STARTS=2
else
  D_WARM=10; D_PEAK=30; D_OPEN=60; D_DISPATCH=30; D_SEED=20; D_CB=30; FILE_ROWS=1000000; FILE_ROWS_BIG=10000000; STARTS=5
fi
CLIENTS=${CLIENTS:-16}               # wrk connections, pgbench clients, closed-loop callback connections
OPEN_RATE=${OPEN_RATE:-1000}         # the constant rate of the accept latency figure (msg/s)
CB_RATE=${CB_RATE:-1000}             # the constant rate of the callback latency figure (callbacks/s)
SANDBOX_LATENCY_MS=${SANDBOX_LATENCY_MS:-200}
DISPATCH_RATE=${DISPATCH_RATE:-100000}   # the throttle, "set high"
# Ports away from Switchboard's defaults (8080, 61616), so a running instance is not disturbed.
HTTP_PORT=${HTTP_PORT:-28080}; SANDBOX_PORT=${SANDBOX_PORT:-28089}; JMS_PORT=${JMS_PORT:-28616}
DB=${DB:-switchboard_bench_run}
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-postgres} PGPASSWORD=${PGPASSWORD:-postgres}
DB_URL="jdbc:postgresql://$PGHOST:5432/$DB?user=$PGUSER&password=$PGPASSWORD"
API_KEY=bench-$RANDOM$RANDOM$RANDOM
ACCOUNT=ACbe0c0ffee0be0c0ffee0be0c0ffee0be
AUTH_TOKEN=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
RUN_ID=$(date +%s)
TICK=$(getconf CLK_TCK)
mkdir -p "$OUT"

say() { printf '\n== %s ==\n' "$*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

# --- tools -------------------------------------------------------------------------------------------------
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
need_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v pgbench >/dev/null || [ -x "$PGBIN/pgbench" ] || missing+=(postgresql-contrib)
  [ -x "$PGBIN/pg_test_fsync" ] || command -v pg_test_fsync >/dev/null || missing+=(postgresql-contrib)
  command -v psql >/dev/null || missing+=(postgresql-client)
  for t in java mvn curl python3; do command -v $t >/dev/null || missing+=($t); done
  [ ${#missing[@]} -eq 0 ] && return
  echo "bench: installing ${missing[*]} (Debian) ..." >&2
  local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  { $sudo apt-get update -q && $sudo apt-get install -y -q "${missing[@]}"; } >/dev/null 2>&1 \
    || die "cannot install ${missing[*]}: install them (see bench/README.md, Set-up) and run again"
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
}
need_tools
PGBENCH=$(command -v pgbench || echo "$PGBIN/pgbench")
PG_TEST_FSYNC=$([ -x "$PGBIN/pg_test_fsync" ] && echo "$PGBIN/pg_test_fsync" || command -v pg_test_fsync)
psql -d postgres -Atqc 'select 1' >/dev/null 2>&1 \
  || die "no PostgreSQL at $PGHOST:5432 for user $PGUSER (set PGHOST/PGUSER/PGPASSWORD)"
[ "$(psql -d postgres -Atqc 'show synchronous_commit')" = on ] \
  || die "synchronous_commit is not on: every figure is for durable commits"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "Building the jar and the load generator (mvn package -DskipTests)"
  mvn -B -q package -DskipTests >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; die "build failed"; }
fi
[ -f "$JAR" ] || die "no $JAR"
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null \
  || die "cannot resolve the test classpath (HdrHistogram) from Maven Central"
GEN_CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$WORK/cp.txt")"

# --- helpers -----------------------------------------------------------------------------------------------
sql() { psql -d "$DB" -v ON_ERROR_STOP=1 -Atqc "$1"; }
cpu_ticks() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo $t; }
pg_pids() { pgrep -u postgres 2>/dev/null | tr '\n' ' ' || true; }
# PostgreSQL's CPU ticks since the snapshot file $1 was written by pg_snap: processes that started since count in
# full, processes that ended since are lost (a connection closing in between cannot make the figure negative).
# Counted: PostgreSQL's own processes (WAL writer, checkpointer, ...) and the connections to the bench database,
# not other databases' connections (another job on the machine).
pg_snap() {
  local p cmd
  for p in $(pg_pids); do
    cmd=$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null) || continue
    case "$cmd" in *"$DB "*) ;; *"("*")"*) continue ;; esac
    echo "$p $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null)"
  done > "$1" 2>/dev/null || true
}
pg_since() { local now; now=$(mktemp); pg_snap "$now"; awk 'NR == FNR { t0[$1] = $2; next } $2 != "" { d += $2 - t0[$1] } END { print d + 0 }' "$1" "$now"; rm -f "$now"; }
secs() { awk -v t="$1" -v k="$TICK" 'BEGIN { printf "%.2f", t / k }'; }
kv() { printf '%s\n' "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
# check VALUE OP LIMIT -> yes/no (OP: ge or le)
check() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { if (v == "" || v == "-") { print "—"; exit }
  ok = (op == "ge") ? (v + 0 >= l + 0) : (v + 0 <= l + 0); print ok ? "**yes**" : "**no**" }'; }
TABLE=$OUT/table.tsv
: > "$TABLE"
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$TABLE"; }
SECTIONS=$WORK/sections.md
: > "$SECTIONS"
section() { printf '\n### %s\n\n' "$1" >> "$SECTIONS"; cat >> "$SECTIONS"; }

SANDBOX_PID=""; SB_PID=""
cleanup() {
  set +e
  [ -n "$SB_PID" ] && kill "$SB_PID" 2>/dev/null && wait "$SB_PID" 2>/dev/null
  [ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null && wait "$SANDBOX_PID" 2>/dev/null
  true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fresh_db() { psql -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null; }

start_sandbox() {
  [ -n "$SANDBOX_PID" ] && return
  # Threads well above the dispatcher's concurrency: each request holds one for the whole latency.
  java -cp "$JAR" dev.switchboard.sandbox.TwilioSandbox --port "$SANDBOX_PORT" --latency-ms "$SANDBOX_LATENCY_MS" \
    --threads 512 --callback-delay-ms 3600000 --account-sid "$ACCOUNT" --auth-token "$AUTH_TOKEN" \
    > "$WORK/sandbox.log" 2>&1 &
  SANDBOX_PID=$!
  for _ in $(seq 1 100); do grep -q listening "$WORK/sandbox.log" && return; sleep 0.1; done
  die "the sandbox did not start: $(tail -5 "$WORK/sandbox.log")"
}

# start_switchboard NAME [VAR=value ...]: the fat jar against the bench database and the standalone sandbox
# (status callbacks from the sandbox held back an hour: the callback part sends its own). Sets SB_PID, READY_MS.
# Every message comes from one number: its own rate is lifted to the account's (a long code would send 1/s).
start_switchboard() {
  local name=$1; shift
  mkdir -p "$WORK/$name-data"
  local t0; t0=$(date +%s%N)
  env -u TWILIO_AUTH_TOKEN_SECONDARY SWITCHBOARD_DB_URL="$DB_URL" SWITCHBOARD_HTTP_PORT="$HTTP_PORT" \
    SWITCHBOARD_API_KEYS="$API_KEY" SWITCHBOARD_API_RATE=0 SWITCHBOARD_JMS_EMBEDDED_PORT="$JMS_PORT" \
    SWITCHBOARD_DATA_DIR="$WORK/$name-data" SWITCHBOARD_INBOX_DIR="$WORK/$name-data/inbox" \
    SWITCHBOARD_ROUTES_RELOAD=false SWITCHBOARD_IVR_RELOAD=false SWITCHBOARD_PUBLIC_URL="http://127.0.0.1:$HTTP_PORT" \
    TWILIO_ACCOUNT_SID="$ACCOUNT" TWILIO_AUTH_TOKEN="$AUTH_TOKEN" TWILIO_PHONE_NUMBER=+15005550006 \
    SWITCHBOARD_SENDER_RATES=+15005550006=1000000 \
    SWITCHBOARD_TWILIO_BASE_URL="http://127.0.0.1:$SANDBOX_PORT" "$@" \
    java ${BENCH_JAVA_OPTS:-} -jar "$JAR" > "$WORK/$name.log" 2>&1 &
  SB_PID=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/observe/health/ready")" = 200 ]; do
    kill -0 "$SB_PID" 2>/dev/null || { tail -20 "$WORK/$name.log" >&2; die "Switchboard ($name) did not start"; }
    sleep 0.02
  done
  READY_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}
stop_switchboard() {
  [ -n "$SB_PID" ] || return 0
  kill "$SB_PID" 2>/dev/null || true
  wait "$SB_PID" 2>/dev/null || true
  SB_PID=""
}
loadgen() { java -Xmx512m -cp "$GEN_CP" dev.switchboard.bench.LoadGen "$@" | tee -a "$WORK/loadgen.log" | grep '^RESULT' | tail -1; }

# --- machine -----------------------------------------------------------------------------------------------
part_machine() {
  say "Machine"
  local fsync_dir; fsync_dir=$(mktemp -d "$ROOT/bench/results/.fsync.XXXXXX")
  "$PG_TEST_FSYNC" -s "$([ "$QUICK" = 1 ] && echo 1 || echo 3)" -f "$fsync_dir/test" > "$OUT/pg_test_fsync.txt" 2>&1 || true
  rm -rf "$fsync_dir"
  local fdatasync; fdatasync=$(awk '/one 8kB write/ { on = 1 } on && $1 == "fdatasync" { print $2, $4; exit }' "$OUT/pg_test_fsync.txt")
  {
    echo "| | |"; echo "|---|---|"
    echo "| CPU | $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo) |"
    echo "| memory | $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) |"
    echo "| JDK | $(java -version 2>&1 | head -1) |"
    echo "| PostgreSQL | $(psql -d postgres -Atqc 'show server_version'), synchronous_commit=$(psql -d postgres -Atqc 'show synchronous_commit'), wal_sync_method=$(psql -d postgres -Atqc 'show wal_sync_method') |"
    echo "| disk flush (pg_test_fsync, one 8 kB write, fdatasync) | ${fdatasync:+$(echo "$fdatasync" | awk '{ printf "%.0f flushes/s, %.3f ms each", $1, $2 / 1000 }')} (written to the results folder's disk) |"
    echo "| kernel | $(uname -r) |"
    echo "| load average at start | $(cut -d' ' -f1-3 /proc/loadavg) |"
  } > "$WORK/machine.md"
}

# --- 1. accept ---------------------------------------------------------------------------------------------
part_accept() {
  say "Accept: POST /api/v1/messages -> committed row -> 202"
  fresh_db; start_sandbox
  # The dispatcher's first poll an hour away: the accept path alone (the rows stay as the dispatch backlog).
  start_switchboard accept SWITCHBOARD_OUTBOX_POLL_MS=3600000
  local url="http://127.0.0.1:$HTTP_PORT/api/v1/messages"
  wrk -t2 -c"$CLIENTS" -d"${D_WARM}s" -s bench/accept/post.lua "$url" -- "$API_KEY" "warm$RUN_ID" > "$OUT/accept-warmup-wrk.txt"
  local pg; pg=$(pg_pids)
  local sb0 pg0 sb1 pg1 wrk_ticks
  sb0=$(cpu_ticks "$SB_PID"); pg_snap "$WORK/pg0"
  # wrk's own CPU: the children times of the shell that waited for it.
  wrk_ticks=$(sh -c 'wrk "$@" > "'"$OUT"'/accept-peak-wrk.txt"; awk "{ print \$16 + \$17 }" /proc/$$/stat' wrk \
    --latency -t2 -c"$CLIENTS" -d"${D_PEAK}s" -s bench/accept/post.lua "$url" -- "$API_KEY" "peak$RUN_ID")
  sb1=$(cpu_ticks "$SB_PID"); pgd=$(pg_since "$WORK/pg0")
  local rps n failed
  rps=$(awk '/^Requests\/sec/ { print $2 }' "$OUT/accept-peak-wrk.txt")
  n=$(awk '/requests in/ { print $1 }' "$OUT/accept-peak-wrk.txt")
  failed=$(awk '/^NON_202/ { print $2 }' "$OUT/accept-peak-wrk.txt")
  local per="Switchboard $(calc %.0f "$(secs $((sb1 - sb0))) * 1e6 / $n") µs, PostgreSQL $(calc %.0f "$(secs $pgd) * 1e6 / $n") µs, wrk $(calc %.0f "$(secs "$wrk_ticks") * 1e6 / $n") µs"

  say "Accept: constant $OPEN_RATE msg/s for ${D_OPEN}s (latency from the intended send time)"
  sb0=$(cpu_ticks "$SB_PID"); pg_snap "$WORK/pg0"
  local open; open=$(loadgen open client=raw kind=message url="http://127.0.0.1:$HTTP_PORT" key="$API_KEY" run="open$RUN_ID" \
    rate="$OPEN_RATE" warmup="$D_WARM" seconds="$D_OPEN" out="$OUT/accept-open-latency.txt")
  sb1=$(cpu_ticks "$SB_PID"); pgd=$(pg_since "$WORK/pg0")
  local sent_all; sent_all=$(calc %.0f "$OPEN_RATE * ($D_WARM + $D_OPEN)")
  local per_open="Switchboard $(calc %.0f "$(secs $((sb1 - sb0))) * 1e6 / $sent_all") µs, PostgreSQL $(calc %.0f "$(secs $pgd) * 1e6 / $sent_all") µs, generator $(calc %.0f "$(kv "$open" gen_cpu_s) * 1e6 / ($(kv "$open" ok) + 1)") µs"
  stop_switchboard

  say "Accept baseline: pgbench, one-row INSERT, $CLIENTS clients"
  sql "CREATE TABLE IF NOT EXISTS bench_insert (LIKE message INCLUDING DEFAULTS INCLUDING INDEXES)"
  cat > "$OUT/pgbench-insert.sql" <<'SQL'
\set n random(1, 1000000000)
INSERT INTO bench_insert (id, channel, to_number, body, segments, encoding, status, source, idempotency_key, fingerprint, next_attempt_at, created_at, updated_at)
VALUES ('b' || :n || '-' || :client_id || '-' || random(), 'sms', '+1415' || (2000000 + :n % 7000000), 'Bench ' || :n, 1, 'GSM-7', 'accepted', 'http', 'k' || :n || '-' || :client_id || '-' || random(), md5(:n::text), now(), now(), now());
SQL
  # Prepared statements, as pgjdbc sends Switchboard's (the database name last: pgbench's -d means --debug).
  "$PGBENCH" -n -M prepared -h "$PGHOST" -U "$PGUSER" -c "$CLIENTS" -j 2 -T "$D_PEAK" -f "$OUT/pgbench-insert.sql" "$DB" \
    > "$OUT/pgbench.txt" 2>&1
  local tps; tps=$(awk '/^tps = / { print $3; exit }' "$OUT/pgbench.txt")
  local ratio; ratio=$(calc %.2f "$rps / $tps")
  row "Accept peak (wrk, $CLIENTS connections, closed loop)" "$(calc %.0f "$rps") msg/s" "$(calc %.0f "$tps") inserts/s (pgbench)" "$ratio" "≥ 3,000 msg/s and ≥ 0.6" \
    "$( [ "$(check "$rps" ge 3000)" = "**yes**" ] && [ "$(check "$ratio" ge 0.6)" = "**yes**" ] && echo "**yes**" || echo "**no**")"
  row "Accept p50 / p99 / p99.9 at $OPEN_RATE msg/s" "$(kv "$open" p50_ms) / $(kv "$open" p99_ms) / $(kv "$open" p999_ms) ms" "—" "—" "p99 ≤ 20, p99.9 ≤ 50 ms" \
    "$( [ "$(check "$(kv "$open" p99_ms)" le 20)" = "**yes**" ] && [ "$(check "$(kv "$open" p999_ms)" le 50)" = "**yes**" ] && echo "**yes**" || echo "**no**")"
  section "1. Accept" <<EOF
- Peak (wrk closed loop, $CLIENTS connections, ${D_PEAK} s after a ${D_WARM} s warm-up): **$(calc %.0f "$rps") msg/s** ($n requests, ${failed:-?} not 202); latency as wrk saw it: $(awk '/^  Latency Distribution/ { on = 1; next } on && NF == 2 { printf "%s %s%s", $1, $2, ($1 == "99%" ? "" : ", ") } /99%/ { on = 0 }' "$OUT/accept-peak-wrk.txt")
- CPU per message at the peak: $per.
- Baseline: pgbench, the same $CLIENTS clients, one-row INSERT (a table shaped like \`message\`, same indexes), one transaction each: **$(calc %.0f "$tps") inserts/s**; ratio $ratio.
- Constant $OPEN_RATE msg/s for ${D_OPEN} s (after ${D_WARM} s not recorded; \`LoadGen open client=raw\`: kept-alive blocking sockets, up to 64 in flight), latency from each request's intended send time: $(kv "$open" ok) accepted, $(kv "$open" failed) failed; p50 $(kv "$open" p50_ms) ms, p99 $(kv "$open" p99_ms) ms, p99.9 $(kv "$open" p999_ms) ms, max $(kv "$open" max_ms) ms.
- CPU per message at $OPEN_RATE msg/s: $per_open.
- Raw: \`accept-peak-wrk.txt\`, \`accept-open-latency.txt\` (HdrHistogram percentiles, ms), \`pgbench.txt\`.
EOF
}

# --- 2. dispatch -------------------------------------------------------------------------------------------
part_dispatch() {
  say "Dispatch: outbox -> sandbox with ${SANDBOX_LATENCY_MS} ms latency, throttle $DISPATCH_RATE/s"
  start_sandbox
  local conc; conc=${SWITCHBOARD_DISPATCH_CONCURRENCY:-$(awk -F= '/^switchboard.dispatch.concurrency=/ { print $2 }' application.properties)}
  local bound; bound=$(calc %.1f "($DISPATCH_RATE < $conc * 1000 / $SANDBOX_LATENCY_MS) ? $DISPATCH_RATE : $conc * 1000 / $SANDBOX_LATENCY_MS")
  local need; need=$(calc %.0f "$bound * $D_DISPATCH * 1.3")
  local backlog; backlog=$(sql "SELECT count(*) FROM message WHERE next_attempt_at IS NOT NULL" 2>/dev/null || echo 0)
  if [ "$backlog" -lt "$need" ]; then
    say "Dispatch: loading a backlog of $need messages first"
    [ "$backlog" = 0 ] && fresh_db
    start_switchboard load SWITCHBOARD_OUTBOX_POLL_MS=3600000
    loadgen closed kind=message url="http://127.0.0.1:$HTTP_PORT" key="$API_KEY" run="load$RUN_ID" connections="$CLIENTS" \
      seconds="$(calc %.0f "$need / 1000 + 2")" > /dev/null
    stop_switchboard
    backlog=$(sql "SELECT count(*) FROM message WHERE next_attempt_at IS NOT NULL")
  fi
  local since; since=$(sql "SELECT extract(epoch FROM now())")
  start_switchboard dispatch SWITCHBOARD_RATE_MPS="$DISPATCH_RATE"
  local sb0 pg0 sb1 pg1 sand0 sand1 pg; pg=$(pg_pids)
  sb0=$(cpu_ticks "$SB_PID"); pg_snap "$WORK/pg0"; sand0=$(cpu_ticks "$SANDBOX_PID")
  sleep "$D_DISPATCH"
  sb1=$(cpu_ticks "$SB_PID"); pgd=$(pg_since "$WORK/pg0"); sand1=$(cpu_ticks "$SANDBOX_PID")
  stop_switchboard
  # Each message's settle time (its row's updated_at once the SID is stored); the first 2 s are start-up.
  sql "SELECT extract(epoch FROM updated_at) FROM message WHERE twilio_sid IS NOT NULL AND updated_at >= to_timestamp($since) ORDER BY 1" > "$WORK/sent.txt"
  local stats; stats=$(python3 - "$WORK/sent.txt" <<'PY'
import sys
t = [float(x) for x in open(sys.argv[1]) if x.strip()]
if len(t) < 10:
    print("0 0 0 0"); sys.exit()
start = t[0] + 2.0
w = [x for x in t if x >= start]
span = w[-1] - start
rate = len(w) / span if span > 0 else 0
# the worst and best whole seconds in the window
from collections import Counter
c = Counter(int(x - start) for x in w)
full = [c.get(i, 0) for i in range(int(span))]
print(len(t), "%.1f" % rate, min(full) if full else 0, max(full) if full else 0)
PY
)
  local sent rate worst best; read -r sent rate worst best <<< "$stats"
  local n_cpu=$(( sent > 0 ? sent : 1 ))
  say "Dispatch baseline: the seed's synchronous SDK loop for ${D_SEED}s"
  local seed; seed=$(loadgen seed base="http://127.0.0.1:$SANDBOX_PORT" account="$ACCOUNT" token="$AUTH_TOKEN" seconds="$D_SEED" out="$OUT/dispatch-seed-latency.txt")
  local seed_rate; seed_rate=$(kv "$seed" rate)
  local pct; pct=$(calc %.1f "100 * $rate / $bound")
  local ratio; ratio=$(calc %.1f "$rate / $seed_rate")
  row "Dispatch at ${SANDBOX_LATENCY_MS} ms Twilio latency, concurrency $conc" "$rate msg/s ($pct % of $bound)" "$seed_rate msg/s (seed: sync SDK loop)" "$ratio" "≥ 95 % of min(rate, conc ÷ latency) and ≥ 16" \
    "$( [ "$(check "$pct" ge 95)" = "**yes**" ] && [ "$(check "$ratio" ge 16)" = "**yes**" ] && echo "**yes**" || echo "**no**")"
  section "2. Dispatch" <<EOF
- Outbox backlog of $backlog messages; Switchboard with \`SWITCHBOARD_RATE_MPS=$DISPATCH_RATE\`, \`switchboard.dispatch.concurrency=$conc\`, against the standalone sandbox answering after ${SANDBOX_LATENCY_MS} ms; ${D_DISPATCH} s.
- Achieved (messages whose SID was stored, from the rows' settle times, after the first 2 s): **$rate msg/s**, $sent in all; whole seconds ranged $worst–$best. Bound min($DISPATCH_RATE, $conc ÷ $(calc %.1f "$SANDBOX_LATENCY_MS / 1000") s) = $bound msg/s: **$pct %**.
- CPU per message: Switchboard $(calc %.0f "$(secs $((sb1 - sb0))) * 1e6 / $n_cpu") µs, PostgreSQL $(calc %.0f "$(secs $pgd) * 1e6 / $n_cpu") µs, sandbox $(calc %.0f "$(secs $((sand1 - sand0))) * 1e6 / $n_cpu") µs (over the whole ${D_DISPATCH} s, start-up included).
- Baseline, the seed's pattern (one synchronous \`Message.creator(...).create(client)\` after another, same sandbox, ${D_SEED} s): **$seed_rate msg/s** (p50 $(kv "$seed" p50_ms) ms per call); ratio **$ratio**.
- Raw: \`dispatch-seed-latency.txt\`.
EOF
}

# --- 4. callbacks ------------------------------------------------------------------------------------------
part_callbacks() {
  say "Callbacks: signed POST /twilio/status"
  sql "SELECT twilio_sid FROM message WHERE twilio_sid IS NOT NULL AND status = 'queued'" > "$WORK/sids.txt" 2>/dev/null || : > "$WORK/sids.txt"
  if [ ! -s "$WORK/sids.txt" ]; then
    row "Callbacks" "not run" "—" "—" "≥ 3,000/s, p99 ≤ 25 ms" "—"
    echo "- Not run: no sent messages to call back for (run the dispatch part first)." | section "4. Callbacks"
    return
  fi
  start_sandbox
  start_switchboard callbacks SWITCHBOARD_OUTBOX_POLL_MS=3600000
  local base="http://127.0.0.1:$HTTP_PORT" sids; sids=$(wc -l < "$WORK/sids.txt")
  local sb0 sb1 pg pg0 pg1; pg=$(pg_pids)
  # A running server's figure: the first third of the SIDs warms the JVM with the same status-moving callbacks at
  # half the rate (unrecorded), a pause lets what queued drain, and the constant-rate run uses the other SIDs.
  # Without it the constant rate met a just-started JVM (JIT compiling: 877 µs of Switchboard CPU per callback
  # against 203 µs warm), and the queue that built then carried into the recorded part (p99 2,367 ms, 2026-11-24).
  local warm_n=$((sids / 3))
  head -n "$warm_n" "$WORK/sids.txt" > "$WORK/sids-warm.txt"
  tail -n +"$((warm_n + 1))" "$WORK/sids.txt" > "$WORK/sids-measured.txt"
  loadgen open client=raw kind=callback url="$base" public="$base" token="$AUTH_TOKEN" sids="$WORK/sids-warm.txt" run="cbw$RUN_ID" \
    rate="$(calc %.0f "$CB_RATE / 2")" warmup=0 seconds="$((2 * D_WARM))" out="$OUT/callbacks-warmup-latency.txt" > /dev/null
  sleep 3
  sb0=$(cpu_ticks "$SB_PID"); pg_snap "$WORK/pg0"
  local open; open=$(loadgen open client=raw kind=callback url="$base" public="$base" token="$AUTH_TOKEN" sids="$WORK/sids-measured.txt" run="cbo$RUN_ID" \
    rate="$CB_RATE" warmup="$D_WARM" seconds="$D_CB" out="$OUT/callbacks-open-latency.txt")
  sb1=$(cpu_ticks "$SB_PID"); pgd=$(pg_since "$WORK/pg0")
  local all; all=$(calc %.0f "$CB_RATE * ($D_WARM + $D_CB)")
  local per="Switchboard $(calc %.0f "$(secs $((sb1 - sb0))) * 1e6 / $all") µs, PostgreSQL $(calc %.0f "$(secs $pgd) * 1e6 / $all") µs, generator $(calc %.0f "$(kv "$open" gen_cpu_s) * 1e6 / ($(kv "$open" ok) + 1)") µs"
  # The peak with wrk (cheaper per request than a JVM client, so less of the two cores goes to the generator),
  # replaying callbacks signed beforehand; the passes continue where the constant-rate run stopped.
  local count; count=$(calc %.0f "6000 * $D_PEAK")
  java -cp "$GEN_CP" dev.switchboard.bench.LoadGen sign kind=callback url="$base" public="$base" token="$AUTH_TOKEN" sids="$WORK/sids.txt" run="cbc$RUN_ID" \
    from="$all" count="$count" out="$WORK/callbacks-signed.txt"
  sb0=$(cpu_ticks "$SB_PID"); pg_snap "$WORK/pg0"
  local wrk_ticks; wrk_ticks=$(sh -c 'wrk "$@" > "'"$OUT"'/callbacks-peak-wrk.txt"; awk "{ print \$16 + \$17 }" /proc/$$/stat' wrk \
    --latency -t2 -c"$CLIENTS" -d"${D_PEAK}s" -s bench/callbacks/post.lua "$base/twilio/status" -- "$WORK/callbacks-signed.txt" 2)
  sb1=$(cpu_ticks "$SB_PID"); pgd=$(pg_since "$WORK/pg0")
  local rps n failed wrapped
  rps=$(awk '/^Requests\/sec/ { print $2 }' "$OUT/callbacks-peak-wrk.txt")
  n=$(awk '/requests in/ { print $1 }' "$OUT/callbacks-peak-wrk.txt")
  failed=$(awk '/^NON_200/ { print $2 }' "$OUT/callbacks-peak-wrk.txt")
  wrapped=$(awk '/^WRAPPED/ { print $2 }' "$OUT/callbacks-peak-wrk.txt")
  local per_peak="Switchboard $(calc %.0f "$(secs $((sb1 - sb0))) * 1e6 / $n") µs, PostgreSQL $(calc %.0f "$(secs $pgd) * 1e6 / $n") µs, wrk $(calc %.0f "$(secs "$wrk_ticks") * 1e6 / $n") µs"
  local applied; applied=$(sql "SELECT count(*) FROM message WHERE status IN ('sent', 'delivered')")
  stop_switchboard
  row "Callbacks peak (wrk, $CLIENTS connections, closed loop)" "$(calc %.0f "$rps")/s" "—" "—" "≥ 3,000/s" "$(check "$rps" ge 3000)"
  row "Callbacks p50 / p99 at $CB_RATE/s (after a warm-up)" "$(kv "$open" p50_ms) / $(kv "$open" p99_ms) ms" "—" "—" "p99 ≤ 25 ms" "$(check "$(kv "$open" p99_ms)" le 25)"
  section "4. Callbacks" <<EOF
- Signed status callbacks (HMAC-SHA1 over the public URL and the sorted form, a fresh \`I-Twilio-Idempotency-Token\` each) for $sids real SIDs of sent messages: the first pass says \`sent\`, the second \`delivered\` (both move the row: signature check, history row, status update), later passes a distinct \`delivered\` (signature check and history row only). $applied messages are now \`sent\` or \`delivered\`.
- Warm-up first (unrecorded, \`callbacks-warmup-latency.txt\`): $(calc %.0f "$CB_RATE / 2")/s for $((2 * D_WARM)) s on the first $warm_n SIDs, then 3 s of pause; the constant rate uses the other $((sids - warm_n)).
- Constant $CB_RATE/s for ${D_CB} s (after ${D_WARM} s not recorded; \`LoadGen open client=raw\`), latency from the intended send time: $(kv "$open" ok) answered 200, $(kv "$open" failed) not; p50 $(kv "$open" p50_ms) ms, p99 $(kv "$open" p99_ms) ms, p99.9 $(kv "$open" p999_ms) ms, max $(kv "$open" max_ms) ms. CPU per callback: $per.
- Peak, wrk closed loop, $CLIENTS connections, ${D_PEAK} s: **$(calc %.0f "$rps")/s** ($n callbacks, ${failed:-?} not 200$([ "${wrapped:-0}" != 0 ] && echo "; the $count signed callbacks ran out and some were replays")); latency as wrk saw it: $(awk '/^  Latency Distribution/ { on = 1; next } on && NF == 2 { printf "%s %s%s", $1, $2, ($1 == "99%" ? "" : ", ") } /99%/ { on = 0 }' "$OUT/callbacks-peak-wrk.txt"). CPU per callback: $per_peak.
- Raw: \`callbacks-open-latency.txt\`, \`callbacks-peak-wrk.txt\`.
EOF
}

# --- 3. throttle (bench/throttle/run.sh, when present) -----------------------------------------------------
part_throttle() {
  say "Throttle accuracy"
  if [ ! -x bench/throttle/run.sh ]; then
    row "Throttle accuracy" "not present" "—" "—" "error < 1 %, no second over rate + 1" "—"
    echo "- Not present: bench/throttle/run.sh is not in this tree." | section "3. Throttle accuracy"
    return
  fi
  stop_switchboard
  QUICK=$QUICK SWITCHBOARD_JMS_EMBEDDED_PORT=$JMS_PORT bench/throttle/run.sh > "$OUT/throttle.txt" 2>&1 \
    || echo "(bench/throttle/run.sh exited with $?)" >> "$OUT/throttle.txt"
  # Lines "configured achieved error% worst-1s-window" (loosely: the first four numbers of a line that has them).
  local parsed; parsed=$(awk '{ n = 0; for (i = 1; i <= NF; i++) { v = $i; gsub(/[%,+]/, "", v); if (v ~ /^-?[0-9]+(\.[0-9]+)?$/) x[++n] = v }
      if (n >= 4 && x[1] > 0) print x[1], x[2], x[3], x[4] }' "$OUT/throttle.txt")
  if [ -n "$parsed" ]; then
    while read -r conf ach err worst; do
      local e; e=$(calc %.3f "($err < 0) ? -($err) : ($err)")
      local lim; lim=$(calc %.3f "$conf + 1")
      row "Throttle at $conf MPS" "$ach msg/s, error $err %, worst second $worst" "$conf MPS configured" "$(calc %.4f "$ach / $conf")" "error < 1 %, worst second ≤ rate + 1" \
        "$( [ "$(check "$e" le 0.999999)" = "**yes**" ] && [ "$(check "$worst" le "$lim")" = "**yes**" ] && echo "**yes**" || echo "**no**")"
    done <<< "$parsed"
  else
    row "Throttle accuracy" "see section 3" "—" "—" "error < 1 %, no second over rate + 1" "—"
  fi
  { echo '```'; cat "$OUT/throttle.txt"; echo '```'; } | section "3. Throttle accuracy (bench/throttle/run.sh, verbatim)"
}

# --- 5. files ----------------------------------------------------------------------------------------------
part_files() {
  stop_switchboard
  local rows
  for rows in "$FILE_ROWS" "$FILE_ROWS_BIG"; do
    say "Files: $rows-row CSV (bench/files/run.sh)"
    ROWS=$rows SWITCHBOARD_JMS_EMBEDDED_PORT=$JMS_PORT bench/files/run.sh > "$OUT/files-$rows.txt" 2>&1 \
      || echo "(bench/files/run.sh exited with $?)" >> "$OUT/files-$rows.txt"
  done
  fig() { awk -v k="$2" 'index($0, k) == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) { print $i; exit } }' "$OUT/files-$1.txt"; }
  local r1 h1 s1 r2 h2 s2
  r1=$(awk '/^Throughput:/ { print $2 }' "$OUT/files-$FILE_ROWS.txt"); h1=$(fig "$FILE_ROWS" "Peak heap:"); s1=$(fig "$FILE_ROWS" "Peak RSS:")
  r2=$(awk '/^Throughput:/ { print $2 }' "$OUT/files-$FILE_ROWS_BIG.txt"); h2=$(fig "$FILE_ROWS_BIG" "Peak heap:"); s2=$(fig "$FILE_ROWS_BIG" "Peak RSS:")
  row "Files, $FILE_ROWS rows" "${r1:-?} rows/s, heap ${h1:-?} MB, RSS ${s1:-?} MB" "—" "—" "≥ 50,000 rows/s, heap ≤ 256 MB" \
    "$( [ "$(check "${r1:-0}" ge 50000)" = "**yes**" ] && [ "$(check "${h1:-999}" le 256)" = "**yes**" ] && echo "**yes**" || echo "**no**")"
  row "Files, $FILE_ROWS_BIG rows" "${r2:-?} rows/s, heap ${h2:-?} MB, RSS ${s2:-?} MB" "heap ${h1:-?} MB at $FILE_ROWS rows" "$(calc %.2f "${h2:-0} / (${h1:-0} + 0.001)")" "≥ 50,000 rows/s, heap ≤ 1.1 × the smaller file's" \
    "$( [ "$(check "${r2:-0}" ge 50000)" = "**yes**" ] && [ "$(check "${h2:-999}" le "$(calc %.1f "${h1:-0} * 1.1")")" = "**yes**" ] && echo "**yes**" || echo "**no**")"
  { echo '```'; cat "$OUT/files-$FILE_ROWS.txt"; echo; cat "$OUT/files-$FILE_ROWS_BIG.txt"; echo '```'; } | section "5. Files (bench/files/run.sh, -Xmx256m)"
}

# --- 6. start-up -------------------------------------------------------------------------------------------
part_startup() {
  say "Start-up: java -jar to /observe/health/ready, then idle RSS"
  stop_switchboard
  psql -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 || fresh_db
  start_sandbox
  : > "$OUT/startup.txt"
  local i
  for i in $(seq 1 "$STARTS"); do
    start_switchboard "start$i"
    sleep 5
    echo "ready_ms=$READY_MS idle_rss_mb=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SB_PID/status")" >> "$OUT/startup.txt"
    stop_switchboard
  done
  local med rss
  med=$(sed 's/ready_ms=\([0-9]*\).*/\1/' "$OUT/startup.txt" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  rss=$(sed 's/.*idle_rss_mb=//' "$OUT/startup.txt" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  row "Start-up to ready (median of $STARTS), idle RSS" "$(calc %.2f "$med / 1000") s, $rss MB" "—" "—" "≤ 5 s" "$(check "$med" le 5000)"
  section "6. Start-up" <<EOF
- From launching \`java -jar target/switchboard.jar\` (PostgreSQL, schema already migrated, embedded broker) to \`/observe/health/ready\` answering 200, polled every 20 ms; then idle for 5 s and \`VmRSS\` read from /proc. $STARTS starts: $(tr '\n' ';' < "$OUT/startup.txt" | sed 's/;$//; s/;/; /g').
EOF
}

# 7. bulk, 8. mixed load, 9. time to full speed
. "$ROOT/bench/load/parts.sh"

for p in $PARTS; do "part_$p"; done
stop_switchboard

# --- the report --------------------------------------------------------------------------------------------
{
  echo "# Switchboard benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')$([ "$QUICK" = 1 ] && echo ' (QUICK: shortened parts, rough figures)')"
  echo
  echo "\`bench/run.sh\` at commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml application.properties || echo ' (with uncommitted changes)'); parts: $PARTS. Durable commits (\`synchronous_commit=on\`); load generators on the same machine. Raw data: [\`$STAMP/\`]($STAMP/)."
  echo
  [ -f "$WORK/machine.md" ] && { echo "## Machine"; echo; cat "$WORK/machine.md"; echo; }
  echo "## Figures"
  echo
  echo "| figure | measured | baseline (same run) | ratio | target | met |"
  echo "|---|---|---|---|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$TABLE"
  echo
  echo "## Details"
  cat "$SECTIONS"
} > "$REPORT"
cp "$WORK/machine.md" "$OUT/" 2>/dev/null || true
for f in "$WORK"/*.log; do [ -f "$f" ] && tail -200 "$f" > "$OUT/$(basename "$f")"; done; true
# The README's link to the latest results.
sed -i "s|^Latest results: .*|Latest results: [results/$STAMP.md](results/$STAMP.md)|" bench/README.md 2>/dev/null || true
rm -rf "$WORK"
echo "Wrote $REPORT" >&2
cat "$REPORT"
