#!/usr/bin/env bash
# A PostgreSQL of Ferry's own for local clusters and tests: initdb into a folder, listen on
# 127.0.0.1 only, on a port given or free. Stops only the server it started (its postmaster.pid).
#
#   postgres.sh start DIR [PORT]   init DIR if new, start, create role and database "ferry";
#                                  prints the JDBC url on its last line
#   postgres.sh createdb DIR NAME  another database for role ferry (tests: one per cluster)
#   postgres.sh stop DIR           fast shutdown of the server running from DIR
#   postgres.sh status DIR         says whether it runs, and its port
#
# As root (CI, containers) the server runs as the system user "postgres", which initdb requires.
set -euo pipefail
# shellcheck source=ports.sh
. "$(dirname "$0")/ports.sh"

bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$dir" ]; then
    echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2
    exit 1
  fi
  echo "$dir"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_of() {
  sed -n 4p "$1/postmaster.pid" 2>/dev/null || true
}

psql_admin() {
  local dir=$1 port=$2; shift 2
  as_owner "$BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt "$@"
}

BIN=$(bindir)
command=${1:-}
dir=${2:-}
[ -n "$command" ] && [ -n "$dir" ] || { sed -n '2,12p' "$0"; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

case "$command" in
  start)
    port=${3:-$(free_port)}
    if [ ! -f "$dir/PG_VERSION" ]; then
      [ "$(id -u)" = 0 ] && chown postgres: "$dir"
      as_owner "$BIN/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --no-locale >"$dir.initdb.log" 2>&1
      {
        echo "listen_addresses = '127.0.0.1'"
        echo "unix_socket_directories = '$dir'"
        echo "max_connections = 200"
        echo "fsync = on"
      } >>"$dir/postgresql.conf"
    fi
    if [ -f "$dir/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      port=$(port_of "$dir")
    else
      as_owner "$BIN/pg_ctl" -D "$dir" -o "-p $port" -l "$dir/server.log" -w -t 60 start >/dev/null
    fi
    if [ "$(psql_admin "$dir" "$port" -c "SELECT count(*) FROM pg_roles WHERE rolname = 'ferry'")" = 0 ]; then
      psql_admin "$dir" "$port" -c "CREATE ROLE ferry LOGIN PASSWORD 'ferry'"
      psql_admin "$dir" "$port" -c "CREATE DATABASE ferry OWNER ferry"
    fi
    echo "PostgreSQL runs from $dir on 127.0.0.1:$port (pid $(head -1 "$dir/postmaster.pid"))"
    echo "jdbc:postgresql://127.0.0.1:$port/ferry"
    ;;
  createdb)
    name=${3:?database name}
    port=$(port_of "$dir")
    psql_admin "$dir" "$port" -c "CREATE DATABASE \"$name\" OWNER ferry"
    echo "jdbc:postgresql://127.0.0.1:$port/$name"
    ;;
  stop)
    if [ -f "$dir/postmaster.pid" ]; then
      as_owner "$BIN/pg_ctl" -D "$dir" -m fast -w -t 60 stop >/dev/null
      echo "PostgreSQL in $dir stopped"
    else
      echo "PostgreSQL in $dir is not running"
    fi
    ;;
  status)
    if [ -f "$dir/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
      echo "PostgreSQL runs from $dir on 127.0.0.1:$(port_of "$dir") (pid $(head -1 "$dir/postmaster.pid"))"
    else
      echo "PostgreSQL in $dir is not running"
      exit 3
    fi
    ;;
  *)
    sed -n '2,12p' "$0"
    exit 2
    ;;
esac
