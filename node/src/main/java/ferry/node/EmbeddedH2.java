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
import scala.concurrent.ExecutionContextExecutor;

/** The node's embedded H2 store, and the upkeep Ferry runs on it beside H2's own. */
final class EmbeddedH2 {

  private EmbeddedH2() {}

  /** The store behind the journal's database, found on the blocking dispatcher. */
  static CompletionStage<MVStore> store(ActorSystem<?> system) {
    return CompletableFuture.supplyAsync(() -> storeOf(system), blocking(system));
  }

  /**
   * Runs {@code round} on the blocking dispatcher every {@code interval} until the node shuts
   * down; a round that finds the store closed must do nothing.
   */
  static void repeatUntilShutdown(ActorSystem<?> system, String name, Duration interval, Runnable round) {
    Cancellable rounds = system.scheduler().scheduleWithFixedDelay(interval, interval, round, blocking(system));
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), name, () -> {
      rounds.cancel();
      return CompletableFuture.completedFuture(Done.done());
    });
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
