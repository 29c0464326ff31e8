#!/usr/bin/env bash
# Failover experiment: prints, per run, how long the killed node's busiest queue did not answer,
# and messages acknowledged, received, duplicated and lost; then median and worst windows.
#   deploy/experiments/failover.sh [runs, default 5]
# JAVA_OPTS: the nodes' JVM options (default -Xmx1g -XX:+UseParallelGC).
# Starts its own PostgreSQL and three nodes on loopback ports; stops all of them at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [ ! -f node/target/ferry-node.jar ] || [ ! -f deploy/target/ferry-deploy.jar ]; then
  echo "building the node and the experiments (mvn -q package -DskipTests) ..."
  mvn -q -B package -DskipTests
fi
exec java -Dferry.root="$root" -Dferry.node.java-opts="${JAVA_OPTS:--Xmx1g -XX:+UseParallelGC}" -cp deploy/target/ferry-deploy.jar ferry.deploy.experiments.FailoverExperiment "$@"
