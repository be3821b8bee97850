#!/usr/bin/env bash
# Start-up cost of connectors: time from JVM start to "Switchboard ready" (Camel's "started in" line) with the
# bundled routes only, and with two routes whose components are fetched on demand (paho-mqtt5, nats), cached in the
# components folder (the second start onward; SWITCHBOARD_COMPONENTS_OFFLINE=true). RUNS starts of each, median.
# Needs target/switchboard.jar (mvn -B -q package -DskipTests); Mosquitto on 1883 and NATS on 4222.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/plain" "$work/two"
cp examples/connectors/mqtt-requests.camel.yaml examples/connectors/nats-requests.camel.yaml "$work/two/"

start_ms() { # routes folder, extra env...
  local routes=$1; shift
  local data; data=$(mktemp -d -p "$work")
  local t0; t0=$(date +%s%N)
  env SWITCHBOARD_DATA_DIR="$data" SWITCHBOARD_ROUTES_DIR="$routes" SWITCHBOARD_HTTP_PORT=18481 \
      SWITCHBOARD_JMS_EMBEDDED_PORT=18482 SWITCHBOARD_API_KEYS=bench-key-0123456789 \
      SWITCHBOARD_COMPONENTS_DIR="$work/components" "$@" \
      java -jar target/switchboard.jar > "$data/log" 2>&1 &
  local pid=$!
  until grep -q "started in" "$data/log" 2>/dev/null; do
    kill -0 $pid 2>/dev/null || { echo "start failed:" >&2; tail -5 "$data/log" >&2; exit 1; }
    sleep 0.05
  done
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
  kill $pid; wait $pid 2>/dev/null || true
}

# Fill the components folder once (online), not measured.
start_ms "$work/two" > /dev/null
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
plain=$(for _ in $(seq "$RUNS"); do start_ms "$work/plain"; done | tee "$work/plain.ms" | median)
two=$(for _ in $(seq "$RUNS"); do start_ms "$work/two" SWITCHBOARD_COMPONENTS_OFFLINE=true; done | tee "$work/two.ms" | median)
echo "bundled routes only:            median ${plain} ms  ($(tr '\n' ' ' < "$work/plain.ms"))"
echo "+ MQTT and NATS routes, cached: median ${two} ms  ($(tr '\n' ' ' < "$work/two.ms"))"
echo "difference: $(( two - plain )) ms (goal: at most 1500)"
