# Parts of bench/run.sh (sourced by it; uses its helpers): the batch door against the inbox's COPY path, accepting
# while sending with callbacks (mixed load), and time to full speed from a cold start with and without AppCDS.
# See bench/README.md, sections 7-9.

BULK_CLIENTS=${BULK_CLIENTS:-4}; BULK_SIZE=${BULK_SIZE:-1000}
MIX_RATE=${MIX_RATE:-1000}; MIX_MPS=${MIX_MPS:-225}; MIX_CALLBACK_DELAY_MS=${MIX_CALLBACK_DELAY_MS:-1000}
MIX_SANDBOX_PORT=${MIX_SANDBOX_PORT:-28090}
if [ "$QUICK" = 1 ]; then
  D_BULK=15; BULK_FILE_ROWS=200000; D_MIX_WARM=${D_MIX_WARM:-15}; D_MIX=${D_MIX:-30}; D_COLD=60
else
  D_BULK=30; BULK_FILE_ROWS=1000000; D_MIX_WARM=${D_MIX_WARM:-60}; D_MIX=${D_MIX:-300}; D_COLD=180
fi

# gc_heap LOG FROM_LINE -> "first last peak n": median heap after GC (MB) over the first and the last fifth of the
# collections logged after line FROM_LINE, the largest heap before one, and how many there were.
gc_heap() {
  tail -n +"$(($2 + 1))" "$1" | python3 -c '
import re, sys, statistics
pairs = [(int(a), int(b)) for a, b in re.findall(r"Pause Young.* (\d+)M->(\d+)M\(\d+M\)", sys.stdin.read())]
if len(pairs) < 5:
    print("- - - %d" % len(pairs)); sys.exit()
k = max(1, len(pairs) // 5)
after = [b for _, b in pairs]
print("%d %d %d %d" % (statistics.median(after[:k]), statistics.median(after[-k:]), max(a for a, _ in pairs), len(pairs)))'
}

# --- 7. bulk -----------------------------------------------------------------------------------------------
part_bulk() {
  say "Bulk: POST /api/v1/messages/batch, $BULK_CLIENTS clients posting $BULK_SIZE-message batches"
  stop_switchboard; fresh_db; start_sandbox
  BENCH_JAVA_OPTS="-Xmx256m -Xlog:gc:file=$OUT/bulk-gc.log" start_switchboard bulk \
    SWITCHBOARD_OUTBOX_POLL_MS=3600000 SWITCHBOARD_API_BATCH_RATE=0
  local url="http://127.0.0.1:$HTTP_PORT"
  loadgen closed kind=batch url="$url" key="$API_KEY" run="bw$RUN_ID" size="$BULK_SIZE" connections="$BULK_CLIENTS" \
    seconds="$D_WARM" > /dev/null
  local n0 gc0 sb0 sb1 pgd
  n0=$(sql "SELECT count(*) FROM message"); gc0=$(wc -l < "$OUT/bulk-gc.log")
  sb0=$(cpu_ticks "$SB_PID"); pg_snap "$WORK/pg0"
  local r; r=$(loadgen closed kind=batch url="$url" key="$API_KEY" run="bp$RUN_ID" size="$BULK_SIZE" \
    connections="$BULK_CLIENTS" seconds="$D_BULK" out="$OUT/bulk-latency.txt")
  sb1=$(cpu_ticks "$SB_PID"); pgd=$(pg_since "$WORK/pg0")
  local stored; stored=$(( $(sql "SELECT count(*) FROM message") - n0 ))
  local heap; heap=$(gc_heap "$OUT/bulk-gc.log" "$gc0")
  local h_first h_last h_peak h_n; read -r h_first h_last h_peak h_n <<< "$heap"
  stop_switchboard
  local rate; rate=$(calc %.0f "$stored / $(kv "$r" seconds)")
  local per="Switchboard $(calc %.1f "$(secs $((sb1 - sb0))) * 1e6 / ($stored + 1)") µs, PostgreSQL $(calc %.1f "$(secs $pgd) * 1e6 / ($stored + 1)") µs, generator $(calc %.1f "$(kv "$r" gen_cpu_s) * 1e6 / ($stored + 1)") µs"

  say "Bulk baseline: the inbox's COPY path, $BULK_FILE_ROWS rows (bench/files/run.sh)"
  ROWS=$BULK_FILE_ROWS SWITCHBOARD_JMS_EMBEDDED_PORT=$JMS_PORT bench/files/run.sh > "$OUT/bulk-files.txt" 2>&1 \
    || echo "(bench/files/run.sh exited with $?)" >> "$OUT/bulk-files.txt"
  local inbox; inbox=$(awk '/^Throughput:/ { print $2 }' "$OUT/bulk-files.txt")
  local ratio; ratio=$(calc %.2f "$rate / (${inbox:-0} + 0.001)")
  local flat; flat=$(calc %.2f "(${h_last/-/0} + 0.001) / (${h_first/-/0} + 0.001)")
  row "Bulk: $BULK_CLIENTS clients × $BULK_SIZE-message batches (-Xmx256m)" "$rate msg/s; heap after GC $h_first → $h_last MB" "${inbox:-?} rows/s (inbox COPY, same run)" "$ratio" "≥ 30,000 msg/s, ≥ 0.6 × the inbox, heap flat" \
    "$( [ "$(check "$rate" ge 30000)" = "**yes**" ] && [ "$(check "$ratio" ge 0.6)" = "**yes**" ] && [ "$(check "$flat" le 1.25)" = "**yes**" ] && echo "**yes**" || echo "**no**")"
  section "7. Bulk: the batch door" <<EOF
- \`POST /api/v1/messages/batch\`, $BULK_CLIENTS clients in a closed loop, each posting $BULK_SIZE messages per call (every item with its own idempotencyKey and recipient), for ${D_BULK} s after a ${D_WARM} s warm-up; Switchboard with -Xmx256m (as the file benchmark) on PostgreSQL; the dispatcher's first poll an hour away.
- **$rate messages/s committed** ($stored rows stored; $(kv "$r" ok) calls answered 200, $(kv "$r" failed) not); per call p50 $(kv "$r" p50_ms) ms, p99 $(kv "$r" p99_ms) ms, max $(kv "$r" max_ms) ms.
- CPU per message: $per.
- Heap: median after a young GC **$h_first MB in the first fifth of the $h_n collections, $h_last MB in the last fifth** (ratio $flat; flat ≤ 1.25); the largest heap before one $h_peak MB (\`bulk-gc.log\`).
- Baseline in the same run: the inbox's COPY path (\`bench/files/run.sh\`, $BULK_FILE_ROWS rows): **${inbox:-?} rows/s**; ratio **$ratio**.
- Raw: \`bulk-latency.txt\` (per call), \`bulk-gc.log\`, \`bulk-files.txt\`.
EOF
}

# --- 8. mixed load -----------------------------------------------------------------------------------------
part_mixed() {
  say "Mixed: accept $MIX_RATE/s while dispatching $MIX_MPS MPS with status callbacks, ${D_MIX} s after ${D_MIX_WARM} s"
  stop_switchboard; fresh_db
  # Its own sandbox: the shared one holds its callbacks back an hour; this one calls back after MIX_CALLBACK_DELAY_MS.
  java -cp "$JAR" dev.switchboard.sandbox.TwilioSandbox --port "$MIX_SANDBOX_PORT" --latency-ms "$SANDBOX_LATENCY_MS" \
    --threads 512 --callback-delay-ms "$MIX_CALLBACK_DELAY_MS" --account-sid "$ACCOUNT" --auth-token "$AUTH_TOKEN" \
    > "$WORK/mixed-sandbox.log" 2>&1 &
  local sandbox=$!
  local i; for i in $(seq 1 100); do grep -q listening "$WORK/mixed-sandbox.log" && break; sleep 0.1; done
  start_switchboard mixed SWITCHBOARD_RATE_MPS="$MIX_MPS" SWITCHBOARD_TWILIO_BASE_URL="http://127.0.0.1:$MIX_SANDBOX_PORT"
  local stats_url="http://127.0.0.1:$MIX_SANDBOX_PORT/sandbox/stats"
  # The measured window starts after the warm-up: CPU read and the sandbox's callback figures cleared then.
  (
    sleep "$D_MIX_WARM"
    echo "$(cpu_ticks "$SB_PID") $(cpu_ticks "$sandbox") $(date +%s.%N)" > "$WORK/mixed-t0"
    pg_snap "$WORK/mixed-pg0"
    curl -s -X POST "$stats_url/reset" > /dev/null
  ) &
  local marker=$!
  local open; open=$(loadgen open client=raw kind=message url="http://127.0.0.1:$HTTP_PORT" key="$API_KEY" run="mix$RUN_ID" \
    rate="$MIX_RATE" warmup="$D_MIX_WARM" seconds="$D_MIX" out="$OUT/mixed-accept-latency.txt")
  local sb1 sand1 t1 pgd; sb1=$(cpu_ticks "$SB_PID"); sand1=$(cpu_ticks "$sandbox"); t1=$(date +%s.%N)
  wait "$marker" 2>/dev/null || true
  pgd=$(pg_since "$WORK/mixed-pg0")
  local stats; stats=$(curl -s "$stats_url")
  local sb0 sand0 t0; read -r sb0 sand0 t0 < "$WORK/mixed-t0"
  stop_switchboard
  kill "$sandbox" 2>/dev/null; wait "$sandbox" 2>/dev/null || true
  # Sends in the window: the stored SIDs' events (source twilio-api), by whole second.
  sql "SELECT extract(epoch FROM occurred_at) FROM message_event WHERE source = 'twilio-api' AND occurred_at >= to_timestamp($t0) AND occurred_at < to_timestamp($t1) ORDER BY 1" > "$WORK/mixed-sent.txt"
  local disp; disp=$(python3 - "$WORK/mixed-sent.txt" "$t0" "$t1" "$MIX_MPS" <<'PY'
import sys
from collections import Counter
t = [float(x) for x in open(sys.argv[1]) if x.strip()]
t0, t1, mps = float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
span = int(t1 - t0)
c = Counter(int(x - t0) for x in t)
full = [c.get(i, 0) for i in range(span)]
rate = sum(full) / span if span else 0
print("%d %.2f %.2f %d %d" % (len(t), rate, 100 * (rate - mps) / mps, min(full or [0]), max(full or [0])))
PY
)
  local sent drate derr worst best; read -r sent drate derr worst best <<< "$disp"
  local cb; cb=$(printf '%s' "$stats" | python3 -c 'import json, sys; s = json.load(sys.stdin); c = s["callbackMs"]
print(c["count"], c["p50"], c["p99"], c["p999"], c["max"], s["callbacksFailed"])')
  local cb_n cb50 cb99 cb999 cbmax cbfail; read -r cb_n cb50 cb99 cb999 cbmax cbfail <<< "$cb"
  local accepted; accepted=$(kv "$open" ok)
  local per="Switchboard $(calc %.0f "$(secs $((sb1 - sb0))) * 1e6 / ($accepted + 1)") µs, PostgreSQL $(calc %.0f "$(secs $pgd) * 1e6 / ($accepted + 1)") µs, sandbox $(calc %.0f "$(secs $((sand1 - sand0))) * 1e6 / ($accepted + 1)") µs, generator $(calc %.0f "$(kv "$open" gen_cpu_s) * 1e6 / ($accepted + 1)") µs"
  local abserr; abserr=$(calc %.3f "($derr < 0) ? -($derr) : ($derr)")
  row "Mixed: accept at $MIX_RATE/s while sending $MIX_MPS MPS with callbacks" "accept p50 / p99 / p99.9 $(kv "$open" p50_ms) / $(kv "$open" p99_ms) / $(kv "$open" p999_ms) ms; sending $drate msg/s (error $derr %); callback p99 $cb99 ms" "—" "—" "accept p99 ≤ 20 ms, throttle error < 1 %" \
    "$( [ "$(check "$(kv "$open" p99_ms)" le 20)" = "**yes**" ] && [ "$(check "$abserr" le 0.999999)" = "**yes**" ] && echo "**yes**" || echo "**no**")"
  section "8. Mixed load: accepting while sending, callbacks on" <<EOF
- One Switchboard on PostgreSQL: \`POST /api/v1/messages\` at a constant **$MIX_RATE/s** (\`LoadGen open client=raw\`, latency from each request's intended send time) while the dispatcher sends to the sandbox (${SANDBOX_LATENCY_MS} ms per create) at \`SWITCHBOARD_RATE_MPS=$MIX_MPS\`, and the sandbox posts each message's signed status callbacks (sent, then delivered, ${MIX_CALLBACK_DELAY_MS} ms apart) back to \`/twilio/status\`. Recorded for ${D_MIX} s after ${D_MIX_WARM} s of the same load (JIT warm-up, backlog building).
- Accept: $accepted answered 202, $(kv "$open" failed) not; **p50 $(kv "$open" p50_ms) ms, p99 $(kv "$open" p99_ms) ms, p99.9 $(kv "$open" p999_ms) ms**, max $(kv "$open" max_ms) ms.
- Sending: $sent SIDs stored in the window, **$drate msg/s against $MIX_MPS configured (error $derr %)**; whole seconds ranged $worst–$best.
- Callbacks: $cb_n answered in the window (the sandbox's clock: from its POST to Switchboard's answer); **p50 $cb50 ms, p99 $cb99 ms, p99.9 $cb999 ms**, max $cbmax ms; $cbfail failed.
- CPU per accepted message (each one also sent and called back twice, at the rates above): $per.
- Raw: \`mixed-accept-latency.txt\`.
EOF
}

# --- 9. time to full speed ---------------------------------------------------------------------------------
part_cold() {
  say "Time to full speed: accept throughput per 10 s from a cold start, without and with AppCDS"
  stop_switchboard; fresh_db; start_sandbox
  local jsa="$WORK/switchboard.jsa"
  # The archive: one run that starts, takes the same load for 30 s and stops (SIGTERM): -XX:ArchiveClassesAtExit.
  BENCH_JAVA_OPTS="-XX:ArchiveClassesAtExit=$jsa" start_switchboard cds-training SWITCHBOARD_OUTBOX_POLL_MS=3600000
  loadgen closed kind=message url="http://127.0.0.1:$HTTP_PORT" key="$API_KEY" run="cdst$RUN_ID" connections="$CLIENTS" \
    seconds=30 > /dev/null
  stop_switchboard
  : > "$OUT/cold.txt"
  local mode opts line
  for mode in plain appcds; do
    opts=""; [ "$mode" = appcds ] && opts="-XX:SharedArchiveFile=$jsa"
    if [ "$mode" = appcds ] && [ ! -s "$jsa" ]; then echo "appcds: no archive was written" >> "$OUT/cold.txt"; continue; fi
    BENCH_JAVA_OPTS="$opts" start_switchboard "cold-$mode" SWITCHBOARD_OUTBOX_POLL_MS=3600000
    line=$(java -Xmx512m -cp "$GEN_CP" dev.switchboard.bench.LoadGen closed kind=message url="http://127.0.0.1:$HTTP_PORT" \
      key="$API_KEY" run="cold$mode$RUN_ID" connections="$CLIENTS" seconds="$D_COLD" interval=10 | grep '^INTERVALS')
    echo "$mode ready_ms=$READY_MS ${line#INTERVALS }" >> "$OUT/cold.txt"
    stop_switchboard
  done
  local summary; summary=$(python3 - "$OUT/cold.txt" <<'PY'
import sys
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) < 4:
        print("- %s" % line.strip()); continue
    mode, ready = parts[0], int(parts[1].split("=")[1])
    per10 = [int(x) / 10 for x in parts[3].split("=")[1].split(",")]
    full = max(per10)
    first = next((i for i, r in enumerate(per10) if r >= 0.9 * full), len(per10))
    print("- **%s**: ready after %.2f s; accepted per second in each 10 s from the first request: %s; at 90 %% of its best "
          "(%.0f/s) after **%d s**" % (mode, ready / 1000, ", ".join("%.0f" % r for r in per10), full, 10 * (first + 1)))
PY
)
  row "Time to full speed (accept, closed loop, from a cold start)" "see section 9" "—" "—" "—" "—"
  section "9. Time to full speed" <<EOF
- A fresh \`java -jar\` on a migrated database, then \`LoadGen closed\` with $CLIENTS connections for ${D_COLD} s from the moment it is ready (the generator starts cold too). Without, then with, an AppCDS archive made by one earlier run under the same load (\`-XX:ArchiveClassesAtExit\`, then \`-XX:SharedArchiveFile\`).
$summary
- Raw: \`cold.txt\`.
EOF
}
