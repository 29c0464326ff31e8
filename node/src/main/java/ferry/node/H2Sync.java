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
 */
final class H2Sync {
  private static final Logger log = LoggerFactory.getLogger(H2Sync.class);

  private H2Sync() {}

  /** Forces the store's file every {@code interval} until the node shuts down; zero (or less) leaves it to the kernel. */
  static void start(ActorSystem<?> system, MVStore store, Duration interval) {
    if (interval.isZero() || interval.isNegative()) {
      log.info("Embedded H2's file is written back when the kernel chooses (ferry.db.h2.sync-interval is 0)");
      return;
    }
    EmbeddedH2.repeatUntilShutdown(system, store, "sync", interval, MVStore::sync);
    log.info("Embedded H2's file is forced to disk every {} ms", interval.toMillis());
  }
}
