#!/usr/bin/env bash
# Start-up cost of connectors: time from JVM start to Camel's "started in" line with the bundled routes only, and
# with two routes whose components are fetched on demand (paho-mqtt5, nats), cached in the components folder (the
# second start onward; SWITCHBOARD_COMPONENTS_OFFLINE=true). RUNS restarts of each, alternated, median.
# BASELINE_JAR=path also times that jar (e.g. one built before connectors) with the bundled routes only.
# Needs target/switchboard.jar (mvn -B -q package -DskipTests); Mosquitto on 1883 and NATS on 4222.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
work=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT; echo "work folder: $work"
mkdir -p "$work/plain" "$work/two"
cp examples/connectors/mqtt-requests.camel.yaml examples/connectors/nats-requests.camel.yaml "$work/two/"

start_ms() { # jar, routes folder, data folder, extra env...
  local jar=$1 routes=$2 data=$3; shift 3
  mkdir -p "$data"; rm -f "$data/log"
  local t0; t0=$(date +%s%N)
  env SWITCHBOARD_DATA_DIR="$data" SWITCHBOARD_ROUTES_DIR="$routes" SWITCHBOARD_HTTP_PORT=18481 \
      SWITCHBOARD_JMS_EMBEDDED_PORT=18482 SWITCHBOARD_API_KEYS=bench-key-0123456789 \
      SWITCHBOARD_COMPONENTS_DIR="$work/components" "$@" \
      java -jar "$jar" > "$data/log" 2>&1 &
  local pid=$!
  until grep -q "started in" "$data/log" 2>/dev/null; do
    kill -0 $pid 2>/dev/null || { echo "start failed:" >&2; tail -5 "$data/log" >&2; exit 1; }
    sleep 0.05
  done
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
  kill $pid; wait $pid 2>/dev/null || true
}

# Restarts, as a gateway lives: each case keeps its data folder (database, checked route files) and is started once
# unmeasured first, which also fills the components folder (online).
[ -n "${BASELINE_JAR:-}" ] && start_ms "$BASELINE_JAR" "$work/plain" "$work/data-base" > /dev/null
start_ms target/switchboard.jar "$work/plain" "$work/data-plain" > /dev/null
start_ms target/switchboard.jar "$work/two" "$work/data-two" > /dev/null
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
: > "$work/plain.ms"; : > "$work/two.ms"; : > "$work/base.ms"
for _ in $(seq "$RUNS"); do
  [ -n "${BASELINE_JAR:-}" ] && start_ms "$BASELINE_JAR" "$work/plain" "$work/data-base" >> "$work/base.ms"
  start_ms target/switchboard.jar "$work/plain" "$work/data-plain" >> "$work/plain.ms"
  start_ms target/switchboard.jar "$work/two" "$work/data-two" SWITCHBOARD_COMPONENTS_OFFLINE=true >> "$work/two.ms"
done
show() { echo "$1 median $(median < "$2") ms  ($(sort -n "$2" | tr '\n' ' '))"; }
[ -n "${BASELINE_JAR:-}" ] && show "baseline jar, bundled routes:      " "$work/base.ms"
show "this jar, bundled routes:          " "$work/plain.ms"
show "this jar, + MQTT and NATS, cached: " "$work/two.ms"
ref="$work/plain.ms"; [ -n "${BASELINE_JAR:-}" ] && ref="$work/base.ms"
echo "difference: $(( $(median < "$work/two.ms") - $(median < "$ref") )) ms (goal: at most 1500)"
