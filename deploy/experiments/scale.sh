#!/usr/bin/env bash
# Scale experiment: the same load against clusters of 1, 2 and 3 nodes (each node pinned to a
# core), printing messages per second sent and received per cluster size.
#   deploy/experiments/scale.sh [seconds measured per size, default 30]
# Starts its own PostgreSQL and the nodes on loopback ports; stops all of them at the end.
exec "$(dirname "$0")/experiment.sh" ScaleExperiment "$@"
