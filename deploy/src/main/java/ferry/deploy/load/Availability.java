package ferry.deploy.load;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Sends to one queue through one node every 100 ms with a single-attempt client, and remembers
 * the last success before and the first success after a moment of failure: the window in which
 * the queue did not answer.
 */
public final class Availability implements AutoCloseable {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong lastSuccessNanos = new AtomicLong();
  private final AtomicLong failureAtNanos = new AtomicLong();
  private final AtomicLong firstSuccessAfterFailureNanos = new AtomicLong();
  private final Thread thread;

  public Availability(URI node, String queueUrl) {
    thread = new Thread(() -> {
      while (running.get()) {
        try {
          Sqs.probe(node).sendMessage(r -> r.queueUrl(queueUrl).messageBody("probe"));
          long now = System.nanoTime();
          lastSuccessNanos.set(now);
          if (failureAtNanos.get() != 0) {
            firstSuccessAfterFailureNanos.compareAndSet(0, now);
          }
        } catch (SdkException unavailable) {
          // the window is measured from successes only
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException stopped) {
          return;
        }
      }
    }, "availability-probe");
    thread.setDaemon(true);
    thread.start();
  }

  /** Marks the moment of the failure (the kill). */
  public void failureNow() {
    failureAtNanos.set(System.nanoTime());
  }

  /** Waits until the queue answered after the failure; the milliseconds from the kill, or -1. */
  public long awaitRecovery(long limitMillis) throws InterruptedException {
    long deadline = System.nanoTime() + limitMillis * 1_000_000;
    while (firstSuccessAfterFailureNanos.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    long recovered = firstSuccessAfterFailureNanos.get();
    return recovered == 0 ? -1 : (recovered - failureAtNanos.get()) / 1_000_000;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.interrupt();
    thread.join(5_000);
  }
}
