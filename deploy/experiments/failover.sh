#!/usr/bin/env bash
# Failover experiment: prints, per run, how long the killed node's busiest queue did not answer,
# and messages acknowledged, received, duplicated and lost; then median and worst windows.
#   deploy/experiments/failover.sh [runs, default 5]
# Starts its own PostgreSQL and three nodes on loopback ports; stops all of them at the end.
exec "$(dirname "$0")/experiment.sh" FailoverExperiment "$@"
