package ferry.persistence.snapshot;

import static ferry.persistence.JdbcStatements.quoted;

import ferry.persistence.JdbcStatements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.persistence.jdbc.config.EventJournalTableConfiguration;
import scala.jdk.javaapi.FutureConverters;
import slick.jdbc.JdbcBackend;
import slick.jdbc.SimpleJdbcAction;

/**
 * Deletes an entity's events before a sequence number, from the oldest it still has, in
 * transactions of {@link #EVENTS_PER_STEP} events with a pause after each. The event at that
 * sequence number stays, so the journal still knows the entity's highest sequence number should
 * every later event go too (what the plugin's own deletion keeps a marked row for).
 *
 * <p>Measured on embedded H2 with scenario 5 of the benchmark (16 queues, 3,000 messages/s,
 * send p99 24 to 67 ms, median 30, in seven runs without deletions): 1,000 events in one
 * transaction took 130 ms on average and the p99 rose to 140 and 196 ms; in steps of 100
 * without pauses, 83 and 92 ms; with the pauses, 41, 50 and 59 ms.
 */
final class StepwiseEventDeletion implements EventDeletions.Deletion {
  private static final int EVENTS_PER_STEP = 100;
  /**
   * After each step a pause this many times as long as the step took: deletions then take at
   * most a fifth of the time of one connection and of the CPU they run on, instead of a burst
   * when many queues snapshot at once.
   */
  private static final int PAUSE_PER_WORK = 4;

  private final JdbcBackend.JdbcDatabaseDef database;
  /** True once the node stops: the next step would find the database closed. */
  private final BooleanSupplier stopping;
  private final String oldestQuery;
  private final String deleteBefore;

  StepwiseEventDeletion(JdbcBackend.JdbcDatabaseDef database, EventJournalTableConfiguration table,
      BooleanSupplier stopping) {
    this.database = database;
    this.stopping = stopping;
    String journal = JdbcStatements.table(table.schemaName(), table.tableName());
    String persistenceId = quoted(table.columnNames().persistenceId());
    String sequenceNumber = quoted(table.columnNames().sequenceNumber());
    // not MIN(...) WHERE: H2 reads every event of the entity for that (all 12,501 of one in a test
    // table), while this order is its index's, so it reads one entry
    this.oldestQuery = "SELECT " + sequenceNumber + " FROM " + journal + " WHERE " + persistenceId + " = ?"
        + " ORDER BY " + persistenceId + ", " + sequenceNumber + " FETCH FIRST 1 ROWS ONLY";
    this.deleteBefore = "DELETE FROM " + journal + " WHERE " + persistenceId + " = ? AND " + sequenceNumber + " < ?";
  }

  @Override
  public CompletionStage<Done> delete(String persistenceId, long toSequenceNr) {
    return oldest(persistenceId).thenCompose(oldest -> stepsFrom(persistenceId, oldest, toSequenceNr));
  }

  private CompletionStage<Done> stepsFrom(String persistenceId, long from, long to) {
    if (from >= to) {
      return CompletableFuture.completedFuture(Done.done());
    }
    if (stopping.getAsBoolean()) {
      return CompletableFuture.failedFuture(new CancellationException("stopped before " + from + " as the node stops"));
    }
    long step = Math.min(to, from + EVENTS_PER_STEP);
    long started = System.nanoTime();
    return deleteBefore(persistenceId, step).thenComposeAsync(
        deleted -> stepsFrom(persistenceId, step, to),
        CompletableFuture.delayedExecutor((System.nanoTime() - started) * PAUSE_PER_WORK, TimeUnit.NANOSECONDS));
  }

  private CompletionStage<Integer> deleteBefore(String persistenceId, long sequenceNr) {
    return run(deleteBefore, "deleting the events of " + persistenceId + " before " + sequenceNr, statement -> {
      statement.setString(1, persistenceId);
      statement.setLong(2, sequenceNr);
      return statement.executeUpdate();
    });
  }

  /** The entity's oldest event still in the journal ({@code Long.MAX_VALUE} when it has none). */
  private CompletionStage<Long> oldest(String persistenceId) {
    return run(oldestQuery, "finding the oldest event of " + persistenceId, statement -> {
      statement.setString(1, persistenceId);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? row.getLong(1) : Long.MAX_VALUE;
      }
    });
  }

  private interface Statement<T> {
    T run(PreparedStatement statement) throws SQLException;
  }

  private <T> CompletionStage<T> run(String sql, String what, Statement<T> body) {
    SimpleJdbcAction<T> action = SimpleJdbcAction.apply(context -> {
      try (PreparedStatement statement = context.connection().prepareStatement(sql)) {
        return body.run(statement);
      } catch (SQLException refused) {
        throw new IllegalStateException(what + " failed: " + refused.getMessage(), refused);
      }
    });
    return FutureConverters.asJava(JdbcStatements.run(database, action));
  }
}
