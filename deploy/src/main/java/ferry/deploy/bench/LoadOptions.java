package ferry.deploy.bench;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * What a load run does, from {@code --name=value} arguments. Clients are of two kinds:
 * producers (SendMessage, or SendMessageBatch when {@code batch} > 1) and consumers
 * (ReceiveMessage with a long poll, then DeleteMessageBatch of what they got).
 */
record LoadOptions(
    URI endpoint,
    String queuePrefix,
    int queues,
    boolean fifo,
    int producers,
    int consumers,
    int batch,
    int messageBytes,
    int waitSeconds,
    double sendRate,
    long prefill,
    int prefillLimitSeconds,
    int warmupSeconds,
    int jitWarmupSeconds,
    int durationSeconds,
    int progressSeconds,
    double logSlowerThanMillis,
    String label) {

  private static final double JIT_WARMUP_MESSAGES_PER_SECOND = 3_000;

  static final String USAGE = """
      load generator for any SQS endpoint (JSON protocol, unsigned):
        --endpoint=http://127.0.0.1:9324   --queue-prefix=load   --queues=16   --fifo=false
        --producers=32   --consumers=32    --batch=10 (1: SendMessage)       --message-bytes=256
        --wait-seconds=1 (consumers' long poll)   --send-rate=0 (messages/s over all producers; 0: as fast as they can;
                                                   with a rate and consumers, measuring starts once they have caught up)
        --prefill=0 (messages sent into the queues before the run, to measure deep queues)
        --prefill-limit-seconds=900 (a prefill stops there; the run reports the depth reached)
        --warmup-seconds=10   --duration-seconds=30   --label=run
        --progress-seconds=5 (a progress line with that interval's send p99 and max)
        --log-slower-than-ms=0 (prints every measured send and deletion slower than that, with the moment it ended; 0: none)
        --jit-warmup-seconds=0 (first, traffic on a queue of its own, then deleted: the generator's own JIT
                                compiles then, not in a short measured run on the target's two cores)""";

  static LoadOptions parse(String[] args) {
    Map<String, String> given = new HashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("not --name=value: " + arg + "\n" + USAGE);
      }
      given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    LoadOptions options = new LoadOptions(
        URI.create(given.getOrDefault("endpoint", "http://127.0.0.1:9324")),
        given.getOrDefault("queue-prefix", "load"),
        Integer.parseInt(given.getOrDefault("queues", "16")),
        Boolean.parseBoolean(given.getOrDefault("fifo", "false")),
        Integer.parseInt(given.getOrDefault("producers", "32")),
        Integer.parseInt(given.getOrDefault("consumers", "32")),
        Integer.parseInt(given.getOrDefault("batch", "10")),
        Integer.parseInt(given.getOrDefault("message-bytes", "256")),
        Integer.parseInt(given.getOrDefault("wait-seconds", "1")),
        Double.parseDouble(given.getOrDefault("send-rate", "0")),
        Long.parseLong(given.getOrDefault("prefill", "0")),
        Integer.parseInt(given.getOrDefault("prefill-limit-seconds", "900")),
        Integer.parseInt(given.getOrDefault("warmup-seconds", "10")),
        Integer.parseInt(given.getOrDefault("jit-warmup-seconds", "0")),
        Integer.parseInt(given.getOrDefault("duration-seconds", "30")),
        Integer.parseInt(given.getOrDefault("progress-seconds", "5")),
        Double.parseDouble(given.getOrDefault("log-slower-than-ms", "0")),
        given.getOrDefault("label", "run"));
    given.keySet().removeAll(java.util.Set.of("endpoint", "queue-prefix", "queues", "fifo", "producers", "consumers",
        "batch", "message-bytes", "wait-seconds", "send-rate", "prefill", "prefill-limit-seconds", "warmup-seconds", "jit-warmup-seconds", "duration-seconds", "progress-seconds", "log-slower-than-ms", "label"));
    if (!given.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + given.keySet() + "\n" + USAGE);
    }
    return options;
  }

  /**
   * The JIT warm-up's traffic: this run's kind of queue, batch and message size, paced at a rate
   * that makes every call path hot within seconds while leaving the target mostly idle.
   */
  LoadOptions jitWarmup() {
    return new LoadOptions(endpoint, queuePrefix + "-jit-warmup", 1, fifo, 4, 8, batch, messageBytes, 1,
        JIT_WARMUP_MESSAGES_PER_SECOND, 0, prefillLimitSeconds, 0, 0, jitWarmupSeconds, progressSeconds, 0,
        label + "-jit-warmup");
  }
}
