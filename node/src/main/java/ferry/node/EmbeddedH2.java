package ferry.node;

import ferry.persistence.PluginDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
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
import scala.concurrent.ExecutionContextExecutor;

/** The node's embedded H2 store, and the upkeep Ferry runs on it beside H2's own. */
final class EmbeddedH2 {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedH2.class);

  private EmbeddedH2() {}

  /** The store behind the journal's database, found on the blocking dispatcher. */
  static CompletionStage<MVStore> store(ActorSystem<?> system) {
    return CompletableFuture.supplyAsync(() -> storeOf(system), blocking(system));
  }

  /**
   * Runs {@code round} on the store, on the blocking dispatcher, every {@code interval} until the
   * node shuts down. Rounds that find the store closed do nothing; a round that fails is logged,
   * and the next one tries again.
   */
  static void repeatUntilShutdown(ActorSystem<?> system, MVStore store, String name, Duration interval,
      Consumer<MVStore> round) {
    Cancellable rounds = system.scheduler().scheduleWithFixedDelay(interval, interval,
        () -> runRound(store, name, round), blocking(system));
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "stop-h2-" + name,
        () -> {
          rounds.cancel();
          return CompletableFuture.completedFuture(Done.done());
        });
  }

  private static void runRound(MVStore store, String name, Consumer<MVStore> round) {
    if (store.isClosed()) {
      return;
    }
    try {
      round.accept(store);
    } catch (MVStoreException failed) {
      // a store closed during the round lands here too, at shutdown
      log.warn("A round of embedded H2's {} failed; the next one tries again: {}", name, failed.getMessage());
    }
  }

  private static ExecutionContextExecutor blocking(ActorSystem<?> system) {
    return system.dispatchers().lookup(DispatcherSelector.blocking());
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
}
