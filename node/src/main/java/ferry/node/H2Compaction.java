package ferry.node;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the live pages of embedded H2's mostly empty chunks, which H2 itself does only in a
 * background thread that it runs when commits are written late. Ferry writes every commit at
 * once ({@code WRITE_DELAY=0}), so without this the file keeps every chunk that still holds one
 * live page: under scenario 5's load (3,000 messages/s) it grew by about 10 MB/s, 3.2 GB in
 * 3.5 minutes for a few hundred MB of journal. The rewriting costs CPU (three scenario-1 pairs
 * on nodes past H2's 45 s retention: -29 %, -6 % and +29 % messages/s, within this machine's
 * noise), so its rate is a setting.
 */
final class H2Compaction {
  private static final Logger log = LoggerFactory.getLogger(H2Compaction.class);
  /**
   * H2 rewrites pages while it holds the store's lock, which every commit needs: small rounds
   * keep each hold short (with 4 MiB once a second, one of two scenario-5 pairs showed the send
   * p99 tripled).
   */
  private static final Duration INTERVAL = Duration.ofMillis(200);
  private static final long ROUNDS_PER_SECOND = Duration.ofSeconds(1).dividedBy(INTERVAL);
  /** Below this share of live bytes in its chunks, the store is compacted. */
  private static final int TARGET_FILL_RATE = 50;

  private H2Compaction() {}

  /**
   * Compacts the store in rounds until the node shuts down, rewriting at most
   * {@code bytesPerSecond} of live pages a second; 0 leaves the file to grow.
   */
  static void start(ActorSystem<?> system, MVStore store, long bytesPerSecond) {
    if (bytesPerSecond <= 0) {
      log.info("Embedded H2's file is not compacted while the node runs (ferry.db.h2.compaction-per-second is 0)");
      return;
    }
    int writePerRound = (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytesPerSecond / ROUNDS_PER_SECOND));
    EmbeddedH2.repeatUntilShutdown(system, store, "compaction", INTERVAL,
        compacted -> compacted.compact(TARGET_FILL_RATE, writePerRound));
    log.info("Embedded H2's file is compacted while the node runs: up to {} KiB of live pages a second",
        bytesPerSecond / 1024);
  }
}
