#!/usr/bin/env bash
# Runs one experiment of deploy/target/ferry-deploy.jar, building node and experiments first
# when their jars are missing.   experiment.sh <class in ferry.deploy.experiments> [arguments]
# JAVA_OPTS: the nodes' JVM options (default: the small, quick-starting JVMs of the tests, which
# also measured faster on two shared cores than -Xmx1g with the full JIT).
set -euo pipefail
experiment=${1:?experiment class}
shift
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
if [ ! -f node/target/ferry-node.jar ] || [ ! -f deploy/target/ferry-deploy.jar ]; then
  echo "building the node and the experiments (mvn -q package -DskipTests) ..."
  mvn -q -B package -DskipTests
fi
node_options=()
[ -n "${JAVA_OPTS:-}" ] && node_options=(-Dferry.node.java-opts="$JAVA_OPTS")
exec java -Dferry.root="$root" "${node_options[@]}" \
  -cp deploy/target/ferry-deploy.jar "ferry.deploy.experiments.$experiment" "$@"
