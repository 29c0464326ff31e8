package ferry.node;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces embedded H2's file to disk at a steady interval. H2 writes each commit to the file at
 * once, but only into the kernel's page cache; Linux writes those pages back when they are 30 s
 * old or fill a tenth of memory. At scenario 5's load of the benchmark (6,500 messages/s, H2
 * writing 40 to 60 MB/s) that was 0.7 to 2.2 GB at once every 30 s, and for the second or two it
 * took H2's writes waited behind it, and so did the sends: in one run 548 of the 1,323 sends and
 * deletions slower than 12 ms fell in those two seconds (deploy/BENCHMARKS.md, fifteenth round).
 * Forced every second, each writeback is one second's worth. It also bounds what a power
 * loss can take to the last interval's commits; a killed process loses none either way.
 *
 * <p>With the file forced, H2 need not keep dead chunks as long: it keeps a chunk that no longer
 * holds a live page for its retention time, 45 s by default, in case the disk has not yet
 * received the commits that superseded it. Each chunk, one per commit, stays described on the
 * heap meanwhile (a descriptor, its occupancy bits, its pages' table of contents), and at
 * scenario 5's load G1 copied those tens of thousands of descriptors at every young pause. A
 * chunk dead for the {@link #retention} has been superseded on disk by a completed sync as long
 * as syncs take less than half of what the retention leaves beyond one interval; a slower sync
 * is logged.
 */
final class H2Sync {
  private static final Logger log = LoggerFactory.getLogger(H2Sync.class);
  /**
   * Retention time in sync intervals. Measured at scenario 5's load (deploy/BENCHMARKS.md,
   * sixteenth round, 16 MiB page cache): young pauses of 17 to 33 ms with 2 s, 25 to 52 with 5 s,
   * 21 to 79 with H2's 45 s.
   */
  private static final int RETENTION_IN_INTERVALS = 3;
  /**
   * The least retention, whatever the interval: with a short interval a sync that a busy disk
   * holds up for a moment (syncs took up to 78 ms at scenario 5's load) still ends before a chunk
   * it covers is reused.
   */
  private static final Duration MIN_RETENTION = Duration.ofSeconds(3);

  private H2Sync() {}

  /**
   * Forces the store's file every {@code interval} until the node shuts down, and keeps dead
   * chunks for the {@link #retention}; zero (or less) leaves both to the kernel and H2.
   */
  static void start(ActorSystem<?> system, MVStore store, Duration interval) {
    if (interval.isZero() || interval.isNegative()) {
      log.info("Embedded H2's file is written back when the kernel chooses, and its dead chunks are reused"
          + " after H2's own {} ms (ferry.db.h2.sync-interval is 0)", store.getRetentionTime());
      return;
    }
    Duration retention = retention(interval);
    store.setRetentionTime((int) Math.min(Integer.MAX_VALUE, retention.toMillis()));
    Duration slowSync = retention.minus(interval).dividedBy(2);
    EmbeddedH2.repeatUntilShutdown(system, store, "sync", interval, synced -> sync(synced, slowSync));
    log.info("Embedded H2's file is forced to disk every {} ms, and its dead chunks are reused after {} ms",
        interval.toMillis(), retention.toMillis());
  }

  /**
   * How long H2 keeps a dead chunk: {@link #RETENTION_IN_INTERVALS} intervals, at least
   * {@link #MIN_RETENTION}. A chunk dies at a commit, the next sync starts at most an interval
   * (and the end of the sync before it) later, and it must have ended before the chunk is reused.
   */
  static Duration retention(Duration interval) {
    Duration inIntervals = interval.multipliedBy(RETENTION_IN_INTERVALS);
    return inIntervals.compareTo(MIN_RETENTION) < 0 ? MIN_RETENTION : inIntervals;
  }

  private static void sync(MVStore store, Duration slowSync) {
    long started = System.nanoTime();
    store.sync();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    if (took.compareTo(slowSync) > 0) {
      log.warn("Forcing embedded H2's file to disk took {} ms, more than the {} ms its dead chunks' retention"
          + " allows for it; if syncs stay this slow, a power loss may find a chunk reused before what"
          + " replaced it was on disk (a longer ferry.db.h2.sync-interval keeps them longer)",
          took.toMillis(), slowSync.toMillis());
    }
  }
}
