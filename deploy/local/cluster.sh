#!/usr/bin/env bash
# A Ferry cluster on this machine: N node processes on loopback ports sharing one PostgreSQL.
#
#   cluster.sh up N       start PostgreSQL (its own, unless FERRY_DB_URL is given) and N nodes,
#                         wait until each is ready, print each node's API endpoint
#   cluster.sh status     each node: PID, alive or not, ready or not, endpoints; cluster members
#   cluster.sh kill N     SIGKILL node N            cluster.sh stop N   SIGTERM node N (graceful)
#   cluster.sh start N    start node N again (same ports) and wait until it is ready
#   cluster.sh down       SIGTERM every node it started (by PID), then its PostgreSQL
#
# Environment: FERRY_CLUSTER_DIR (state, logs, PIDs; default deploy/local/run),
#   FERRY_DB_URL/FERRY_DB_USER/FERRY_DB_PASSWORD (an existing PostgreSQL instead of our own),
#   FERRY_PROFILE (default loopback: fast failover on one machine), FERRY_PIN=1 (pin node N to
#   core (N-1) mod cores with taskset), JAVA_OPTS (default: small heap for many nodes per host).
# Nodes are started with deploy/bin/ferry-node, the same command the container image runs.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=ports.sh
. "$here/ports.sh"
run=${FERRY_CLUSTER_DIR:-$here/run}
launcher=$root/deploy/bin/ferry-node
export JAVA_OPTS=${JAVA_OPTS:--Xmx512m -XX:+UseSerialGC}

usage() { sed -n '2,16p' "$0"; exit 2; }

# The first free port at or after $1 that no node of this cluster has taken.
pick_port() {
  local port=$1
  while ! port_is_free "$port" || grep -qs "=$port\$" "$run"/node-*/ports 2>/dev/null; do
    port=$((port + 1))
  done
  echo "$port"
}

node_dir() { echo "$run/node-$1"; }

node_pid() {
  local pidfile
  pidfile="$(node_dir "$1")/pid"
  [ -f "$pidfile" ] && cat "$pidfile"
}

alive() {
  local pid
  pid=$(node_pid "$1") || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(ps -o comm= -p "$pid")" = java ]
}

ready() {
  # shellcheck disable=SC1091
  (. "$(node_dir "$1")/ports" && curl -fsS -m 2 "http://127.0.0.1:$MANAGEMENT/ready" >/dev/null 2>&1)
}

nodes() { ls -d "$run"/node-* 2>/dev/null | sed 's/.*node-//' | sort -n; }

start_node() {
  local n=$1 dir
  dir=$(node_dir "$n")
  if alive "$n"; then
    echo "node $n already runs (pid $(node_pid "$n"))"
    return
  fi
  # shellcheck disable=SC1091
  . "$dir/ports"
  # shellcheck disable=SC1091
  . "$run/cluster.env"
  local pin=()
  if [ "${FERRY_PIN:-0}" = 1 ] && command -v taskset >/dev/null; then
    pin=(taskset -c $(((n - 1) % $(nproc))))
  fi
  FERRY_HTTP_HOST=127.0.0.1 FERRY_HTTP_PORT=$HTTP FERRY_REMOTE_PORT=$REMOTE FERRY_MANAGEMENT_PORT=$MANAGEMENT \
  FERRY_DATA_DIR="$dir/data" FERRY_DB_URL=$DB_URL FERRY_DB_USER=$DB_USER FERRY_DB_PASSWORD=$DB_PASSWORD \
  FERRY_SEED_NODES=$SEEDS FERRY_PROFILE=${FERRY_PROFILE:-loopback} \
    nohup "${pin[@]}" "$launcher" >>"$dir/node.log" 2>&1 &
  echo $! >"$dir/pid"
}

await_ready() {
  local n=$1 waited=0
  until ready "$n"; do
    if ! alive "$n"; then
      echo "node $n exited before it was ready; see $(node_dir "$n")/node.log" >&2
      return 1
    fi
    if [ $waited -ge 180 ]; then
      echo "node $n not ready after 180 s; see $(node_dir "$n")/node.log" >&2
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

describe() {
  local n=$1
  # shellcheck disable=SC1091
  . "$(node_dir "$n")/ports"
  local state=stopped
  if alive "$n"; then
    state="alive pid $(node_pid "$n"), $(ready "$n" && echo ready || echo 'not ready')"
  fi
  printf 'node %s: %-32s api http://127.0.0.1:%s  management http://127.0.0.1:%s  remoting 127.0.0.1:%s\n' \
    "$n" "$state" "$HTTP" "$MANAGEMENT" "$REMOTE"
}

up() {
  local count=${1:?how many nodes}
  [ -f "$run/cluster.env" ] && { echo "a cluster is already set up in $run: cluster.sh down first" >&2; exit 1; }
  mkdir -p "$run"
  [ -x "$launcher" ] && [ -f "$root/node/target/ferry-node.jar" ] || {
    echo "build the node first: mvn -q package -DskipTests" >&2; exit 1; }
  local db_url db_user db_password
  if [ -n "${FERRY_DB_URL:-}" ]; then
    db_url=$FERRY_DB_URL db_user=${FERRY_DB_USER:-ferry} db_password=${FERRY_DB_PASSWORD:-ferry}
  else
    db_url=$("$here/postgres.sh" start "$run/postgres" | tail -1)
    db_user=ferry db_password=ferry
    echo "PostgreSQL of this cluster: $db_url"
  fi
  local seeds=() n http=9400 remote=7400 management=7500
  for n in $(seq 1 "$count"); do
    mkdir -p "$(node_dir "$n")"
    http=$(pick_port "$http"); echo "HTTP=$http" >"$(node_dir "$n")/ports"
    remote=$(pick_port "$remote"); echo "REMOTE=$remote" >>"$(node_dir "$n")/ports"
    management=$(pick_port "$management"); echo "MANAGEMENT=$management" >>"$(node_dir "$n")/ports"
    seeds+=("127.0.0.1:$remote")
  done
  {
    echo "DB_URL='$db_url'"
    echo "DB_USER='$db_user'"
    echo "DB_PASSWORD='$db_password'"
    echo "SEEDS='$(IFS=,; echo "${seeds[*]}")'"
  } >"$run/cluster.env"
  for n in $(seq 1 "$count"); do start_node "$n"; done
  for n in $(seq 1 "$count"); do await_ready "$n"; done
  echo "cluster of $count nodes ready:"
  for n in $(seq 1 "$count"); do describe "$n"; done
}

status() {
  [ -f "$run/cluster.env" ] || { echo "no cluster set up in $run"; exit 3; }
  local n
  for n in $(nodes); do describe "$n"; done
  for n in $(nodes); do
    if ready "$n"; then
      # shellcheck disable=SC1091
      . "$(node_dir "$n")/ports"
      echo "members seen by node $n:"
      curl -fsS -m 5 "http://127.0.0.1:$MANAGEMENT/ferry/cluster" | tr '{' '\n' | grep -o '"address":"[^"]*","status":"[^"]*"' | sed 's/^/  /'
      break
    fi
  done
  [ -d "$run/postgres" ] && "$here/postgres.sh" status "$run/postgres" || true
}

signal_node() {
  local n=${2:?node number} signal=$1
  [ -d "$(node_dir "$n")" ] || { echo "no node $n" >&2; exit 1; }
  if ! alive "$n"; then
    echo "node $n is not running"
    return
  fi
  kill "-$signal" "$(node_pid "$n")"
  echo "node $n (pid $(node_pid "$n")) sent SIG$signal"
}

stop_node() {
  signal_node TERM "$1"
  local waited=0
  while alive "$1" && [ $waited -lt 60 ]; do sleep 1; waited=$((waited + 1)); done
  alive "$1" && echo "node $1 still runs 60 s after SIGTERM" >&2 || echo "node $1 stopped"
}

down() {
  [ -d "$run" ] || { echo "nothing to stop in $run"; return; }
  local n
  # one after the other: a node leaving waits for its peers, so stopping all at once is slower
  for n in $(nodes); do
    alive "$n" && stop_node "$n"
  done
  for n in $(nodes); do
    alive "$n" && signal_node KILL "$n"
  done
  [ -d "$run/postgres" ] && "$here/postgres.sh" stop "$run/postgres"
  rm -rf "$run"
  echo "cluster down"
}

case "${1:-}" in
  up) up "${2:-}" ;;
  status) status ;;
  kill) signal_node KILL "${2:-}" ;;
  stop) stop_node "${2:?node number}" ;;
  start) start_node "${2:?node number}"; await_ready "$2"; describe "$2" ;;
  down) down ;;
  *) usage ;;
esac
