# Loopback ports for the processes the local scripts start; sourced, not run.

# Whether nothing listens on 127.0.0.1:$1 (a connect to it is refused).
port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A free port below Linux's ephemeral range (32768 and up): there a port nothing listens on may
# still be the local end of a client's connection, or of one in TIME_WAIT, and a server then
# fails to bind it (seen: a node of the benchmark's scenario 5 after a run's 64 connections).
free_port() {
  local port
  for port in $(shuf -i 20000-32767 -n 200); do
    if port_is_free "$port"; then
      echo "$port"
      return
    fi
  done
  echo "no free port found" >&2
  return 1
}
