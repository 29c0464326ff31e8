#!/usr/bin/env bash
# Ferry against ElasticMQ, side by side on this machine, with the load generator of
# deploy/target/ferry-deploy.jar. Each run gets a fresh target; runs alternate between Ferry on
# embedded H2, Ferry on PostgreSQL (started here) and ElasticMQ (fetched from Maven Central);
# the medians per target and the ratios Ferry / ElasticMQ are printed at the end.
#
#   deploy/bench/benchmark.sh [scenario ...]       scenarios 1 2 3 4 (default: all)
#
#   1  16 queues, 32 producers (batches of 10, 256 B) and 32 consumers: send -> receive -> delete
#   2  one hot queue, 64 producers of single messages
#   3  64 long-poll consumers on mostly empty queues: latency from send to receive at 200 msg/s
#   4  depth: receive+delete from one queue holding BENCH_DEPTH messages, measured while it drains,
#      against a nearly empty one on the same node, standard and FIFO; Ferry on H2 also reports heap
#      per queued message and the recovery time of the full queue (then warms the restarted node
#      on another queue before the deep run)
#   5  latency at half load: scenario 1's shape with sends paced at half of the messages/s Ferry on
#      H2 received in scenario 1 of this run (or BENCH_HALF_RATE), the same rate for every target;
#      measured after a 30 s warm-up, once the consumers have caught up with the sends
#
# Environment: BENCH_SECONDS (30 measured per run), BENCH_ROUNDS (2), BENCH_DEPTH (1000000),
#   BENCH_PREFILL_LIMIT (300 s: a target slower than that is measured at the depth it reached),
#   BENCH_SHALLOW (250000: the "nearly empty" queue, as few as last the warm-up and the BENCH_DEPTH_SECONDS
#   (6) measured at 30,000 a second),
#   BENCH_DEEP_SECONDS (30: the deep queue's measured drain; long enough to hold its snapshots),
#   BENCH_JIT_WARMUP (15 s of the generator's own traffic on a queue of its own before each drain of
#   scenario 4, whose 2 s warm-up would otherwise leave the generator compiling during the measurement),
#   BENCH_TARGETS ("ferry-h2 ferry-pg elasticmq"), BENCH_KINDS (for 4: "standard fifo"), BENCH_DEPTH_ROUNDS
#   (1: scenario 4 takes minutes per kind and target; its ratio moves by about 0.15 between runs),
#   ELASTICMQ_VERSION (1.7.1), BENCH_HALF_RATE (for 5).
# Logs and results: deploy/target/bench/. Every process started here is stopped, by PID.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../local/ports.sh
. "$root/deploy/local/ports.sh"
work=$root/deploy/target/bench
seconds=${BENCH_SECONDS:-30}
rounds=${BENCH_ROUNDS:-2}
depth=${BENCH_DEPTH:-1000000}
shallow=${BENCH_SHALLOW:-250000}
depth_seconds=${BENCH_DEPTH_SECONDS:-6}
depth_rounds=${BENCH_DEPTH_ROUNDS:-1}
deep_seconds=${BENCH_DEEP_SECONDS:-30}
jit_warmup=${BENCH_JIT_WARMUP:-15}
targets=${BENCH_TARGETS:-ferry-h2 ferry-pg elasticmq}
kinds=${BENCH_KINDS:-standard fifo}
emq_version=${ELASTICMQ_VERSION:-1.7.1}
scenarios=${*:-1 2 3 5 4}
results=$work/results.txt
mkdir -p "$work"
cd "$root"

started_pids=()
pg_dir=$work/postgres
cleanup() {
  for pid in "${started_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${started_pids[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [ -f "$pg_dir/postmaster.pid" ] && deploy/local/postgres.sh stop "$pg_dir" >/dev/null || true
}
trap cleanup EXIT

say() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

if [ ! -f node/target/ferry-node.jar ] || [ ! -f deploy/target/ferry-deploy.jar ]; then
  say "building Ferry (mvn -q package -DskipTests)"
  mvn -q -B package -DskipTests
fi

emq=$work/elasticmq-$emq_version
if [ ! -d "$emq/target/dependency" ]; then
  say "fetching ElasticMQ $emq_version from Maven Central"
  mkdir -p "$emq"
  cat >"$emq/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>ferry.bench</groupId><artifactId>elasticmq-runtime</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.elasticmq</groupId><artifactId>elasticmq-server_2.13</artifactId><version>$emq_version</version></dependency>
  </dependencies>
</project>
POM
  (cd "$emq" && mvn -q -B dependency:copy-dependencies)
fi

if [[ " $targets " == *" ferry-pg "* ]]; then
  say "starting PostgreSQL"
  deploy/local/postgres.sh start "$pg_dir" | tail -1 >"$work/postgres.url"
fi

# Starts a target; sets target_pid, target_url and target_management (Ferry only).
start_target() {
  local target=$1 run_dir=$2 port remote management
  port=$(free_port)
  # a fresh folder each run: data left by an earlier, aborted run would change what is measured
  rm -rf "$run_dir"
  mkdir -p "$run_dir"
  case $target in
    ferry-h2 | ferry-pg)
      remote=$(free_port); management=$(free_port)
      local db_url=""
      if [ "$target" = ferry-pg ]; then
        db_url=$(deploy/local/postgres.sh createdb "$pg_dir" "bench_$(date +%s%N)" | tail -1)
      fi
      # kept for the restart of scenario 4, which must find the same database; the class-data
      # archive (written by the first node that stops) shortens that restart
      target_env=(FERRY_DATA_DIR="$run_dir/data" FERRY_DB_URL="$db_url" FERRY_DB_USER=ferry FERRY_DB_PASSWORD=ferry
        FERRY_CDS_DIR="$work/class-data" JAVA_OPTS="${FERRY_BENCH_JAVA_OPTS:-}")
      env FERRY_HTTP_PORT="$port" FERRY_REMOTE_PORT="$remote" FERRY_MANAGEMENT_PORT="$management" "${target_env[@]}" \
        nohup deploy/bin/ferry-node >"$run_dir/target.log" 2>&1 &
      target_pid=$!
      target_management=$management
      ;;
    elasticmq)
      cat >"$run_dir/elasticmq.conf" <<CONF
include classpath("application.conf")
node-address { protocol = http, host = "127.0.0.1", port = $port, context-path = "" }
rest-sqs { enabled = true, bind-port = $port, bind-hostname = "127.0.0.1", sqs-limits = strict }
generate-node-address = false
CONF
      nohup java -Dconfig.file="$run_dir/elasticmq.conf" -cp "$emq/target/dependency/*" \
        org.elasticmq.server.Main >"$run_dir/target.log" 2>&1 &
      target_pid=$!
      target_management=""
      ;;
  esac
  started_pids+=("$target_pid")
  target_url=http://127.0.0.1:$port
  for _ in $(seq 1 240); do
    if curl -fsS -m 2 -X POST "$target_url/" -H 'Content-Type: application/x-amz-json-1.0' \
        -H 'X-Amz-Target: AmazonSQS.ListQueues' -d '{}' >/dev/null 2>&1; then
      return
    fi
    kill -0 "$target_pid" 2>/dev/null || { say "$target exited while starting; see $run_dir/target.log"; exit 1; }
    sleep 0.5
  done
  say "$target did not answer within 120 s; see $run_dir/target.log"
  exit 1
}

stop_target() {
  kill -TERM "$target_pid" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$target_pid" 2>/dev/null || return 0; sleep 0.25; done
  kill -KILL "$target_pid" 2>/dev/null || true
}

# A stopped run's embedded H2 file (gigabytes after scenario 4) is not read again; its logs stay.
drop_data() {
  rm -rf "$1/data"
}

load() {
  java -cp deploy/target/ferry-deploy.jar ferry.deploy.bench.LoadGenerator --endpoint="$target_url" \
    --duration-seconds="$seconds" "$@"
}

# Heap in use after a full GC, in bytes (Ferry nodes only).
heap_used() {
  jcmd "$target_pid" GC.run >/dev/null
  jcmd "$target_pid" GC.heap_info | grep -Eo 'used [0-9]+K' | head -1 | grep -Eo '[0-9]+' | awk '{print $1 * 1024}'
}

# Half of the median messages/s that Ferry on H2 received in scenario 1 of this run.
half_rate() {
  if [ -n "${BENCH_HALF_RATE:-}" ]; then echo "$BENCH_HALF_RATE"; return; fi
  python3 - "$results" <<'PY'
import re, statistics, sys
rates = [float(m.group(1)) for line in open(sys.argv[1])
         if line.startswith("RESULT scenario=1 target=ferry-h2 ")
         for m in [re.search(r"received_per_s=(\S+)", line)] if m]
if not rates:
    sys.exit("scenario 5 needs scenario 1 with ferry-h2 first, or BENCH_HALF_RATE")
print(int(statistics.median(rates) / 2))
PY
}

scenario_args() {
  case $1 in
    1) echo "--queues=16 --producers=32 --consumers=32 --batch=10 --message-bytes=256 --wait-seconds=1" ;;
    2) echo "--queues=1 --producers=64 --consumers=0 --batch=1 --message-bytes=256" ;;
    3) echo "--queues=16 --producers=4 --consumers=64 --batch=1 --send-rate=200 --wait-seconds=20 --message-bytes=256" ;;
    5)
      local rate
      rate=$(half_rate) || return 1
      # each run starts a fresh JVM, which must compile its paths before latency counts: on a
      # machine slower than in earlier rounds every target's send p99 still fell through the
      # first 10 to 15 s measured after 30 s of warm-up (Ferry on H2: 113, 41.5, 16.8, 13.4, 9.9
      # and 11.5 ms by 5 s), and ElasticMQ's still after 60 s (28.0, 12.3, 7.6, 4.6, 5.6, 4.9;
      # BENCHMARKS.md, seventeenth round)
      echo "--queues=16 --producers=32 --consumers=32 --batch=10 --message-bytes=256 --wait-seconds=1 --send-rate=$rate --warmup-seconds=90" ;;
  esac
}

run_scenario() {
  local scenario=$1 round target run_dir label args
  for round in $(seq 1 "$rounds"); do
    for target in $targets; do
      label="s$scenario-$target-r$round"
      run_dir=$work/$label
      say "scenario $scenario, round $round: $target"
      # a separate assignment, so that a scenario that cannot be set up (5 without 1) stops the script
      args=$(scenario_args "$scenario")
      start_target "$target" "$run_dir"
      # shellcheck disable=SC2086
      load --label="$label" --queue-prefix="s$scenario" $args | tee "$run_dir/load.log" \
        | grep -E '^(s[0-9]|operation|Send|Receive|Delete|send to|load generator|machine CPU|RESULT)' || true
      grep '^RESULT' "$run_dir/load.log" | sed "s/^RESULT /RESULT scenario=$scenario target=$target /" >>"$results"
      stop_target
      drop_data "$run_dir"
    done
  done
}

# One node per kind and target holds both queues, so that the deep and the shallow run share a JVM
# as warm as each other: the deep queue is filled, measured while it drains (a window long enough to
# hold the snapshots a deep queue writes), purged, and then the shallow one is measured.
run_depth() {
  local round kind target
  for round in $(seq 1 "$depth_rounds"); do
    for kind in $kinds; do
      for target in $targets; do
        depth_run "$round" "$kind" "$target"
      done
    done
  done
}

depth_run() {
  local round=$1 kind=$2 target=$3 fifo run_dir measured heap_before=""
  fifo=$([ "$kind" = fifo ] && echo true || echo false)
  run_dir=$work/s4-$kind-$target-r$round
  say "scenario 4 ($kind), round $round: $target, $depth messages queued, then a nearly empty queue"
  start_target "$target" "$run_dir"
  [ "$target" != elasticmq ] && heap_before=$(heap_used)
  load --label="s4-$kind-prefill-$target" --queue-prefix=depth --queues=1 --fifo="$fifo" --prefill="$depth" \
    --producers=0 --consumers=0 --warmup-seconds=0 --duration-seconds=0 \
    --prefill-limit-seconds="${BENCH_PREFILL_LIMIT:-300}" | tee "$run_dir/prefill.log" | grep -E '(prefill|DEPTH)' || true
  measured=false
  [ "$target" = ferry-h2 ] && [ "$fifo" = false ] && measured=true
  if $measured; then
    measure_memory "$heap_before"
    measure_recovery "$run_dir"
    rewarm "$kind" "$fifo" "$run_dir" "$target"
  fi
  consume_depth "s4-$kind-deep-$target" depth "$fifo" 0 "$deep_seconds" "4-$kind-deep" "$run_dir" "$target"
  purge_queue "depth-0$([ "$fifo" = true ] && echo .fifo)"
  # shallow: just enough messages to last the measured seconds, so that the queue stays nearly empty
  consume_depth "s4-$kind-shallow-$target" shallow "$fifo" "$shallow" "$depth_seconds" "4-$kind-shallow" \
    "$run_dir" "$target"
  stop_target
  drop_data "$run_dir"
}

# The recovery restart leaves a cold JVM, which the shallow run, after the deep one, no longer is:
# the same traffic on a queue of its own warms it as the prefill had, and is not recorded.
rewarm() {
  local kind=$1 fifo=$2 run_dir=$3 target=$4
  say "scenario 4 ($kind): warming the restarted $target on another queue"
  load --label="s4-$kind-rewarm-$target" --queue-prefix=rewarm --queues=1 --fifo="$fifo" --prefill="$shallow" \
    --producers=0 --consumers=32 --batch=10 --wait-seconds=1 --warmup-seconds=2 --duration-seconds="$depth_seconds" \
    >"$run_dir/rewarm.log"
  purge_queue "rewarm-0$([ "$fifo" = true ] && echo .fifo)"
}

# Consumers only, on one queue holding what was put in before (and $4 more prefilled now).
consume_depth() {
  local label=$1 prefix=$2 fifo=$3 prefill=$4 seconds=$5 scenario=$6 run_dir=$7 target=$8
  load --label="$label" --queue-prefix="$prefix" --queues=1 --fifo="$fifo" --prefill="$prefill" --producers=0 \
    --consumers=32 --batch=10 --wait-seconds=1 --warmup-seconds=2 --jit-warmup-seconds="$jit_warmup" \
    --duration-seconds="$seconds" \
    | tee "$run_dir/$label.log" | grep -E '(DEPTH|^operation|Receive|Delete|RESULT)' || true
  grep '^RESULT' "$run_dir/$label.log" | sed "s/^RESULT /RESULT scenario=$scenario target=$target /" >>"$results"
}

purge_queue() {
  curl -fsS -m 60 -X POST "$target_url/" -H 'Content-Type: application/x-amz-json-1.0' \
    -H 'X-Amz-Target: AmazonSQS.PurgeQueue' -d "{\"QueueUrl\":\"$target_url/000000000000/$1\"}" >/dev/null
}

# With the deep queue just filled: heap per queued message.
measure_memory() {
  local heap_before=$1 heap_after queued
  queued=$(queue_depth)
  heap_after=$(heap_used)
  echo "MEMORY queued=$queued heap_before_mib=$((heap_before / 1048576)) heap_after_mib=$((heap_after / 1048576)) heap_bytes_per_message=$(( (heap_after - heap_before) / (queued > 0 ? queued : 1) ))" | tee -a "$results"
}

# A restart of the node holding the deep queue, timing until it serves and until the queue answers.
measure_recovery() {
  local run_dir=$1 queued started ready answered port
  stop_target
  port=${target_url##*:}
  started=$(date +%s%N)
  env FERRY_HTTP_PORT="$port" FERRY_REMOTE_PORT="$(free_port)" FERRY_MANAGEMENT_PORT="$(free_port)" "${target_env[@]}" \
    nohup deploy/bin/ferry-node >>"$run_dir/target.log" 2>&1 &
  target_pid=$!
  started_pids+=("$target_pid")
  until curl -fsS -m 2 -X POST "$target_url/" -H 'Content-Type: application/x-amz-json-1.0' \
      -H 'X-Amz-Target: AmazonSQS.ListQueues' -d '{}' >/dev/null 2>&1; do
    kill -0 "$target_pid" 2>/dev/null || { say "the restarted node exited; see $run_dir/target.log"; exit 1; }
    sleep 0.1
  done
  ready=$(date +%s%N)
  # a queue still replaying when the node's 10 s wait for it ends is answered with a 503: ask again
  until queued=$(queue_depth 2>/dev/null); do
    if ! kill -0 "$target_pid" 2>/dev/null || (( $(date +%s%N) - ready > 300000000000 )); then
      say "the restarted node did not recover the queue within 300 s; see $run_dir/target.log"
      exit 1
    fi
  done
  answered=$(date +%s%N)
  echo "RECOVERY queued=$queued process_to_ready_ms=$(( (ready - started) / 1000000 )) queue_recovered_ms=$(( (answered - ready) / 1000000 )) journal_file_mib=$(( $(du -sk "$run_dir/data" | cut -f1) / 1024 ))" \
    | tee -a "$results"
}

queue_depth() {
  curl -fsS -m 120 -X POST "$target_url/" -H 'Content-Type: application/x-amz-json-1.0' \
    -H 'X-Amz-Target: AmazonSQS.GetQueueAttributes' \
    -d "{\"QueueUrl\":\"$target_url/000000000000/depth-0\",\"AttributeNames\":[\"ApproximateNumberOfMessages\"]}" \
    | grep -Eo '"ApproximateNumberOfMessages":"[0-9]+"' | grep -Eo '[0-9]+'
}

: >"$results"
# The same machine kind is not always as fast (ElasticMQ's scenario 1 rate, same version, fell
# from 5,994 to 3,616 messages/s between two sessions), so each run says how fast one core is.
core_seconds=$(python3 -c 'import time
started = time.perf_counter()
total = 0
for i in range(10_000_000): total += i
print(f"{time.perf_counter() - started:.2f}")')
say "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, one core adds 10 million numbers in Python in $core_seconds s; targets: $targets; scenarios: $scenarios; $seconds s per run"
for scenario in $scenarios; do
  if [ "$scenario" = 4 ]; then run_depth; else run_scenario "$scenario"; fi
done

say "summary (medians over rounds; Ferry / ElasticMQ ratios)"
python3 - "$results" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    if not line.startswith("RESULT"):
        if line.strip(): print(line.strip())
        continue
    fields = dict(re.findall(r"(\w+)=(\S+)", line))
    rows.setdefault((fields["scenario"], fields["target"]), []).append(fields)
def median(key, values):
    return statistics.median(float(v[key]) for v in values)
def stolen(values):
    # the hypervisor's share of the machine's CPU during the runs, where Linux reports it
    shares = [float(v["machine_stolen"]) for v in values if "machine_stolen" in v]
    return f"{100 * statistics.median(shares):>7.0f} %" if shares else f"{'-':>9}"
scenarios = sorted({s for s, _ in rows})
print(f"{'scenario':<22}{'target':<11}{'sent/s':>9}{'received/s':>11}{'send p50':>9}{'send p99':>9}{'e2e p50':>9}{'e2e p99':>9}{'gen cores':>10}{'stolen':>9}")
for scenario in scenarios:
    for target in ("ferry-h2", "ferry-pg", "elasticmq"):
        values = rows.get((scenario, target))
        if not values: continue
        print(f"{scenario:<22}{target:<11}{median('sent_per_s', values):>9.0f}{median('received_per_s', values):>11.0f}"
              f"{median('send_p50_ms', values):>9.2f}{median('send_p99_ms', values):>9.2f}"
              f"{median('e2e_p50_ms', values):>9.2f}{median('e2e_p99_ms', values):>9.2f}{median('generator_cores', values):>10.2f}{stolen(values)}")
    peer = rows.get((scenario, "elasticmq"))
    for target in ("ferry-h2", "ferry-pg"):
        ours = rows.get((scenario, target))
        if not ours or not peer: continue
        def ratio(key):
            theirs = median(key, peer)
            return median(key, ours) / theirs if theirs else float("nan")
        print(f"  {target} / elasticmq: sent x{ratio('sent_per_s'):.2f}, received x{ratio('received_per_s'):.2f}")
for kind in ("standard", "fifo"):
    for target in ("ferry-h2", "ferry-pg", "elasticmq"):
        deep, shallow = rows.get((f"4-{kind}-deep", target)), rows.get((f"4-{kind}-shallow", target))
        if deep and shallow and median("received_per_s", shallow):
            print(f"scenario 4 {kind} {target}: deep / shallow received x{median('received_per_s', deep) / median('received_per_s', shallow):.2f}")
PY
