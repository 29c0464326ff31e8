#!/usr/bin/env bash
# Scale experiment: the same load against clusters of 1, 2 and 3 nodes (each node pinned to a
# core), printing messages per second sent and received per cluster size.
#   deploy/experiments/scale.sh [seconds measured per size, default 30]
# JAVA_OPTS: the nodes' JVM options (default -Xmx1g -XX:+UseParallelGC).
# Starts its own PostgreSQL and the nodes on loopback ports; stops all of them at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [ ! -f node/target/ferry-node.jar ] || [ ! -f deploy/target/ferry-deploy.jar ]; then
  echo "building the node and the experiments (mvn -q package -DskipTests) ..."
  mvn -q -B package -DskipTests
fi
exec java -Dferry.root="$root" -Dferry.node.java-opts="${JAVA_OPTS:--Xmx1g -XX:+UseParallelGC}" -cp deploy/target/ferry-deploy.jar ferry.deploy.experiments.ScaleExperiment "$@"
