package ferry.node;

import ferry.persistence.PluginDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
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
   * Finds the node's H2 store and compacts it in rounds until the node shuts down, rewriting at
   * most {@code bytesPerSecond} of live pages a second; 0 leaves the file to grow.
   */
  static CompletionStage<Done> start(ActorSystem<?> system, long bytesPerSecond) {
    if (bytesPerSecond <= 0) {
      log.info("Embedded H2's file is not compacted while the node runs (ferry.db.h2.compaction-per-second is 0)");
      return CompletableFuture.completedFuture(Done.done());
    }
    int writePerRound = (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytesPerSecond / ROUNDS_PER_SECOND));
    var blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    return CompletableFuture.supplyAsync(() -> storeOf(system), blocking)
        .thenApply(store -> {
          Cancellable rounds = system.scheduler().scheduleWithFixedDelay(
              INTERVAL, INTERVAL, () -> compact(store, writePerRound), blocking);
          log.info("Embedded H2's file is compacted while the node runs: up to {} KiB of live pages a second",
              bytesPerSecond / 1024);
          CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
              "stop-h2-compaction", () -> {
                rounds.cancel();
                return CompletableFuture.completedFuture(Done.done());
              });
          return Done.done();
        });
  }

  private static MVStore storeOf(ActorSystem<?> system) {
    // the database stays open while the node runs (DB_CLOSE_DELAY=-1), so its store outlives the connection
    try (Connection connection = PluginDatabase.of(system).database().source().createConnection()) {
      SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
      return session.getDatabase().getStore().getMvStore();
    } catch (SQLException unavailable) {
      throw new CompletionException(unavailable);
    }
  }

  private static void compact(MVStore store, int writePerRound) {
    if (store.isClosed()) {
      return;
    }
    try {
      store.compact(TARGET_FILL_RATE, writePerRound);
    } catch (MVStoreException failed) {
      // the next round tries again; a store closed meanwhile ends them at shutdown
      log.warn("Compacting the embedded H2 file failed: {}", failed.getMessage());
    }
  }
}
