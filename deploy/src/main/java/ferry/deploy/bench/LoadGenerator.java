package ferry.deploy.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code java -cp deploy/target/ferry-deploy.jar ferry.deploy.bench.LoadGenerator --name=value ...}:
 * load against any SQS endpoint. Prints progress every few seconds (five by default), with the
 * wall-clock time and the send tail of that interval so that a slow moment can be matched with
 * the target's own logs, then a table of
 * operations and messages per second and latency percentiles per operation, errors by kind, the
 * CPU the generator itself used, and one {@code RESULT} line for scripts.
 */
public final class LoadGenerator {
  private static final int CATCH_UP_LIMIT_SECONDS = 120;
  private static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private LoadGenerator() {}

  public static void main(String[] args) throws Exception {
    LoadOptions options = LoadOptions.parse(args);
    try (SqsHttp sqs = new SqsHttp(options.endpoint())) {
      run(options, sqs);
    }
  }

  private static void run(LoadOptions options, SqsHttp sqs) throws Exception {
    if (options.jitWarmupSeconds() > 0) {
      jitWarmup(options.jitWarmup(), sqs);
    }
    List<String> queues = createQueues(options, sqs);
    LoadRun run = new LoadRun(options, sqs, sqs.executor(), queues);
    System.out.printf("%s: %d queues%s at %s, %d producers (%s of %d bytes%s), %d consumers (long poll %d s)%n",
        options.label(), queues.size(), options.fifo() ? " (FIFO)" : "", options.endpoint(), options.producers(),
        options.batch() > 1 ? "batches of " + options.batch() : "single messages", options.messageBytes(),
        options.sendRate() > 0 ? ", " + (long) options.sendRate() + " messages/s" : "", options.consumers(),
        options.waitSeconds());
    if (options.prefill() > 0) {
      prefill(options, run);
    }
    run.start();
    System.out.printf("%s: warming up for %d s%n", options.label(), options.warmupSeconds());
    Thread.sleep(options.warmupSeconds() * 1000L);
    if (options.sendRate() > 0 && options.consumers() > 0) {
      awaitConsumersCaughtUp(options, run);
    }

    run.startMeasuring();
    long cpuBefore = processCpuNanos();
    Optional<MachineCpu> machineBefore = MachineCpu.now();
    long started = System.nanoTime();
    int every = options.progressSeconds();
    for (int elapsed = 0; elapsed < options.durationSeconds(); elapsed += every) {
      Thread.sleep(Math.min(every, options.durationSeconds() - elapsed) * 1000L);
      Histogram sendsLately = run.send.sinceLastLook();
      System.out.printf("%s: %s %3d s  sent %,d  received %,d  deleted %,d  errors %d  send p99 %.1f ms, max %.1f ms%n",
          options.label(), LocalTime.now().format(WALL_CLOCK),
          Math.min(elapsed + every, options.durationSeconds()), run.send.messages(),
          run.receive.messages(), run.delete.messages(), errorCount(run), millis(sendsLately, 99),
          sendsLately.getTotalCount() == 0 ? 0 : sendsLately.getMaxValue() / 1000.0);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
    Optional<MachineCpu> machineAfter = MachineCpu.now();
    run.stopMeasuring();
    run.stop();
    Optional<MachineCpu.Shares> machine = machineBefore.flatMap(before -> machineAfter.map(after -> after.since(before)));
    report(options, run, seconds, cpuSeconds, machine);
  }

  /**
   * A paced run is measured at its rate only once the consumers keep up: a backlog left by a cold
   * start would have them receive flat out, at more than the rate, for the whole measurement.
   */
  private static void awaitConsumersCaughtUp(LoadOptions options, LoadRun run) throws InterruptedException {
    long caughtUp = Math.max(100, (long) (options.sendRate() / 10));
    long deadline = System.nanoTime() + CATCH_UP_LIMIT_SECONDS * 1_000_000_000L;
    while (run.backlog() > caughtUp && System.nanoTime() < deadline) {
      System.out.printf("%s: warming up: %,d messages not yet received, waiting for the consumers to catch up%n",
          options.label(), run.backlog());
      Thread.sleep(1000); // the generator's main thread only reports; the clients run on their own
    }
    if (run.backlog() > caughtUp) {
      System.out.printf("%s: consumers still %,d messages behind after %d s more; measuring with that backlog%n",
          options.label(), run.backlog(), CATCH_UP_LIMIT_SECONDS);
    }
  }

  /**
   * A fresh generator JVM spends its first ten seconds or so compiling (measured: 4.3 s of C2
   * compiler CPU in the first 12 s of a scenario-4 drain), CPU the target on the same two cores
   * then lacks. Traffic on a queue of its own, deleted afterwards, gets that done unmeasured.
   */
  private static void jitWarmup(LoadOptions warmup, SqsHttp sqs) throws Exception {
    List<String> queue = createQueues(warmup, sqs);
    LoadRun run = new LoadRun(warmup, sqs, sqs.executor(), queue);
    System.out.printf("%s: %d s of %,.0f messages/s on %s, not measured, before the run%n", warmup.label(),
        warmup.durationSeconds(), warmup.sendRate(), queue.get(0));
    run.start();
    Thread.sleep(warmup.durationSeconds() * 1000L); // a timed phase of load, not a wait for a condition
    run.stop();
    sqs.call("DeleteQueue", sqs.json.createObjectNode().put("QueueUrl", queue.get(0)))
        .toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static List<String> createQueues(LoadOptions options, SqsHttp sqs) throws Exception {
    List<String> urls = new ArrayList<>();
    for (int q = 0; q < options.queues(); q++) {
      ObjectNode request = sqs.json.createObjectNode();
      request.put("QueueName", options.queuePrefix() + "-" + q + (options.fifo() ? ".fifo" : ""));
      if (options.fifo()) {
        request.putObject("Attributes").put("FifoQueue", "true");
      }
      urls.add(sqs.call("CreateQueue", request).toCompletableFuture().get(60, TimeUnit.SECONDS).path("QueueUrl").asText());
    }
    return urls;
  }

  /** Fills the queues first; a peer too slow to take the prefill in time is measured at the depth it reached. */
  private static void prefill(LoadOptions options, LoadRun run) throws Exception {
    AtomicLong stored = new AtomicLong();
    long started = System.nanoTime();
    long deadline = started + options.prefillLimitSeconds() * 1_000_000_000L;
    AtomicLong target = new AtomicLong(options.prefill());
    var filled = run.prefill(target, Math.max(16, options.producers()), stored).toCompletableFuture();
    while (!endsWithin(filled, options.progressSeconds())) {
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("%s: prefill %,d of %,d messages (%.0f s, %.0f/s)%n", options.label(), stored.get(),
          options.prefill(), seconds, stored.get() / seconds);
      if (System.nanoTime() > deadline) {
        target.set(0);
      }
    }
    System.out.printf("%s: DEPTH %d messages prefilled in %.0f s%n", options.label(), stored.get(),
        (System.nanoTime() - started) / 1e9);
  }

  /** Whether {@code work} ends within {@code seconds}; a failure of it is thrown here. */
  private static boolean endsWithin(CompletableFuture<?> work, int seconds) throws Exception {
    try {
      work.get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException stillRunning) {
      return false;
    }
  }

  private static void report(LoadOptions options, LoadRun run, double seconds, double cpuSeconds,
      Optional<MachineCpu.Shares> machine) {
    System.out.printf("%n%s: %.1f s measured%n", options.label(), seconds);
    System.out.println("operation              ops/s     msgs/s   p50 ms   p99 ms  p99.9 ms  errors");
    for (OpStats stat : run.stats()) {
      Histogram latency = stat.histogram();
      if (stat.operations() == 0 && stat.errors().isEmpty()) {
        continue;
      }
      System.out.printf("%-20s %8.0f %10.0f %8.2f %8.2f %9.2f  %s%n", stat.name(),
          stat == run.endToEnd ? 0 : stat.operations() / seconds, stat.messages() / seconds,
          millis(latency, 50), millis(latency, 99), millis(latency, 99.9), stat.errors().isEmpty() ? "0" : stat.errors());
    }
    System.out.printf("load generator CPU: %.1f s in %.1f s = %.2f of %d cores%n", cpuSeconds, seconds,
        cpuSeconds / seconds, Runtime.getRuntime().availableProcessors());
    machine.ifPresent(shares -> System.out.printf(
        "machine CPU: %.0f %% busy, %.0f %% stolen by the hypervisor (all processes, %d cores)%n",
        100 * shares.busy(), 100 * shares.stolen(), Runtime.getRuntime().availableProcessors()));
    Histogram sends = run.send.histogram();
    Histogram endToEnd = run.endToEnd.histogram();
    System.out.printf("RESULT label=%s sent_per_s=%.1f received_per_s=%.1f deleted_per_s=%.1f send_p50_ms=%.2f "
            + "send_p99_ms=%.2f e2e_p50_ms=%.2f e2e_p99_ms=%.2f errors=%d generator_cores=%.2f%s%n",
        options.label(), run.send.messages() / seconds, run.receive.messages() / seconds,
        run.delete.messages() / seconds, millis(sends, 50), millis(sends, 99), millis(endToEnd, 50),
        millis(endToEnd, 99), errorCount(run), cpuSeconds / seconds,
        machine.map(shares -> String.format(" machine_busy=%.3f machine_stolen=%.3f", shares.busy(), shares.stolen()))
            .orElse(""));
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  private static long errorCount(LoadRun run) {
    return run.stats().stream().flatMap(stat -> stat.errors().values().stream()).mapToLong(Long::longValue).sum();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
