#!/usr/bin/env bash
# Issue 21's crash run, looped at full size (CrashRunIT is its CI-sized regression test): one Switchboard on the
# embedded H2 (or PostgreSQL), a burst through the standalone sandbox, Twilio creating then answering 500, then 500
# without creating, kill -9 at a varied moment, restart on the same data; nothing may be lost or sent twice, and every
# message must be final or hold Twilio's SID within DEADLINE_S. One line per run. See README.md beside this script.
#   RUNS=20 SIZE=300 DEADLINE_S=150 bench/faults/crash.sh
#   CRASH_DB=postgres RUNS=20 bench/faults/crash.sh    # a fresh schema per run on SWITCHBOARD_TEST_DB_URL's server
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
