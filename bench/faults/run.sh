#!/usr/bin/env bash
# Fault suite (issue 6): each fault scenario against two Switchboard JVMs, the standalone sandbox as Twilio and
# one PostgreSQL. Writes bench/faults/results/<date>.md. See README.md beside this script.
#   SIZE=500 OUTAGE_S=5 bench/faults/run.sh            # a quick, reduced run
#   SCENARIOS=kill-9,database-restart bench/faults/run.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
export JAR=${JAR:-$ROOT/target/switchboard.jar}
export WORK=${WORK:-$ROOT/target/faults}

# The driver lives in the test classes; `package -DskipTests` still compiles them.
if [ ! -f "$JAR" ] || [ ! -f target/test-classes/dev/switchboard/faults/FaultSuiteMain.class ]; then
  echo "Building $JAR and the test classes ..."
  mvn -B -q package -DskipTests
fi

# A fresh database for every run, unless FAULTS_DB_URL points elsewhere.
if [ -z "${FAULTS_DB_URL:-}" ]; then
  PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c 'DROP DATABASE IF EXISTS switchboard_faults' -c 'CREATE DATABASE switchboard_faults' >/dev/null
fi

# The driver waits with Awaitility (a test dependency, not in the fat jar): the test classpath from Maven.
CP_FILE=$ROOT/target/faults.classpath
if [ ! -s "$CP_FILE" ] || [ "$ROOT/pom.xml" -nt "$CP_FILE" ]; then
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
fi

rm -rf "$WORK"; mkdir -p "$WORK"
echo "Logs: $WORK (sandbox.log, switchboard-0.log, switchboard-1.log)"
exec java -Xmx512m -cp "$ROOT/target/test-classes:$JAR:$(cat "$CP_FILE")" dev.switchboard.faults.FaultSuiteMain
