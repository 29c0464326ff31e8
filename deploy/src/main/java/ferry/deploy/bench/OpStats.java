package ferry.deploy.bench;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies and counts of one kind of operation. Only what happens between {@link #startMeasuring}
 * and {@link #stopMeasuring} counts; histograms keep microseconds with three significant digits
 * and grow to whatever latency a backlog produces.
 *
 * <p>Operations are recorded from the first on, and the start of the measurement only clears
 * what the warm-up recorded: with recording switched on at that moment instead, the first second
 * measured held 800 to 880 sends and deletions slower than 12 ms (of 1,700 to 3,500 in a 30 s run
 * at 6,500 messages/s) with nothing slow on the node, and 214 once recording ran from the start
 * (most likely the JIT had compiled the hot path without the recording and went back over it).
 */
final class OpStats {
  private final String name;
  /** Measured operations slower than this are printed one by one with the moment they ended; 0: none. */
  private final long logSlowerThanMicros;
  private final String label;
  private final Recorder latencies = new Recorder(3);
  private final Histogram total = new Histogram(3);
  private final LongAdder operations = new LongAdder();
  private final LongAdder messages = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private volatile boolean measuring;
  private volatile boolean stopped;

  OpStats(String name) {
    this(name, 0, "");
  }

  /**
   * Stats that also print each measured operation slower than {@code logSlowerThanMillis}, with
   * the wall-clock moment it ended, so that a tail can be set beside the target's GC and system
   * logs (`-Xlog:gc:...:utctime`, `vmstat -t 1`).
   */
  OpStats(String name, double logSlowerThanMillis, String label) {
    this.name = name;
    this.logSlowerThanMicros = Math.round(logSlowerThanMillis * 1_000);
    this.label = label;
  }

  String name() {
    return name;
  }

  /** Forgets what was recorded so far: from now on operations count. */
  synchronized void startMeasuring() {
    latencies.reset();
    total.reset();
    operations.reset();
    messages.reset();
    errors.clear();
    measuring = true;
  }

  /** Ignores what happens from now on, such as calls cut short as the run stops. */
  void stopMeasuring() {
    stopped = true;
  }

  void succeeded(long startedNanos, int messageCount) {
    if (stopped) {
      return;
    }
    long micros = Math.max(1, (System.nanoTime() - startedNanos) / 1_000);
    latencies.recordValue(micros);
    if (logSlowerThanMicros > 0 && micros >= logSlowerThanMicros && measuring) {
      System.out.printf("%s: slow %s ended %s after %.1f ms%n", label, name,
          Instant.ofEpochMilli(System.currentTimeMillis()), micros / 1_000.0);
    }
    operations.increment();
    messages.add(messageCount);
  }

  void failed(String kind) {
    if (stopped) {
      return;
    }
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  long operations() {
    return operations.sum();
  }

  long messages() {
    return messages.sum();
  }

  /** The run's histogram, with everything recorded so far. */
  synchronized Histogram histogram() {
    sinceLastLook();
    return total;
  }

  /**
   * What was recorded since the last look, also folded into the run's histogram: the progress
   * lines show how the tail moves during a run, not only its sum at the end.
   */
  synchronized Histogram sinceLastLook() {
    Histogram interval = latencies.getIntervalHistogram();
    total.add(interval);
    return interval;
  }

  Map<String, Long> errors() {
    Map<String, Long> counted = new TreeMap<>();
    errors.forEach((kind, count) -> counted.put(kind, count.sum()));
    return counted;
  }
}
