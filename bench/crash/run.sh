#!/usr/bin/env bash
# Issue 21's crash run, looped: one Switchboard on the embedded H2 (or CRASH_DB_URL), a burst through the standalone
# sandbox, Twilio creating then answering 500, then 500 without creating, kill -9 at a varied moment, restart on
# the same data; every message must be final or hold Twilio's SID within DEADLINE_S. One line per run.
#   RUNS=20 SIZE=300 DEADLINE_S=150 bench/crash/run.sh
#   CRASH_DB_URL='jdbc:postgresql://127.0.0.1:5432/switchboard_crash?user=postgres&password=postgres' bench/crash/run.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
export JAR=${JAR:-$ROOT/target/switchboard.jar}
export WORK=${WORK:-$ROOT/target/crash}

# The driver lives in the test classes; `package -DskipTests` still compiles them.
if [ ! -f "$JAR" ] || [ ! -f target/test-classes/dev/switchboard/faults/CrashRun.class ]; then
  echo "Building $JAR and the test classes ..."
  mvn -B -q package -DskipTests
fi

# The driver waits with Awaitility (a test dependency, not in the fat jar): the test classpath from Maven.
CP_FILE=$ROOT/target/faults.classpath
if [ ! -s "$CP_FILE" ] || [ "$ROOT/pom.xml" -nt "$CP_FILE" ]; then
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
fi

rm -rf "$WORK"; mkdir -p "$WORK"
echo "Logs: $WORK/run-N (sandbox.log, switchboard-1.log before the kill, switchboard-2.log after)"
exec java -Xmx512m -cp "$ROOT/target/test-classes:$JAR:$(cat "$CP_FILE")" dev.switchboard.faults.CrashRun
