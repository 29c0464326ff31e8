package ferry.persistence.snapshot;

import ferry.persistence.PluginDatabase;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.persistence.SnapshotMetadata;
import org.apache.pekko.persistence.jdbc.config.EventJournalTableConfiguration;
import org.apache.pekko.persistence.jdbc.config.JournalConfig;
import org.apache.pekko.persistence.jdbc.config.SnapshotConfig;
import org.apache.pekko.persistence.jdbc.db.SlickDatabase;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;
import slick.jdbc.JdbcBackend;

/**
 * Snapshots and deletions through the JDBC plugin's own data access objects, on the database
 * the plugin's journal and snapshot store use, so rows look as if the plugin had written them.
 */
public final class JdbcSnapshotWriter implements SnapshotWriter {
  private static final Logger log = LoggerFactory.getLogger(JdbcSnapshotWriter.class);

  private final SingleWriteSnapshotDao snapshots;
  private final StepwiseEventDeletion eventDeletion;
  private final EventDeletions eventDeletions = new EventDeletions(this::deleteEvents);
  /** Serializing a deep queue takes a second or more; it runs here, not on a dispatcher of actors. */
  private final Executor serializing;
  /**
   * Set when the node begins to stop, before the database closes: a deletion still stepping then
   * ends at its next step, which would otherwise fail on the closed connection pool.
   */
  private volatile boolean stopping;

  private JdbcSnapshotWriter(SingleWriteSnapshotDao snapshots, JdbcBackend.JdbcDatabaseDef database,
      EventJournalTableConfiguration journal, Executor serializing) {
    this.snapshots = snapshots;
    this.eventDeletion = new StepwiseEventDeletion(database, journal, () -> stopping);
    this.serializing = serializing;
  }

  public static JdbcSnapshotWriter of(ActorSystem<?> system) {
    var config = system.settings().config();
    SlickDatabase database = PluginDatabase.of(system);
    Serialization serialization = SerializationExtension.get(system.classicSystem());
    ExecutionContext executionContext = system.executionContext();
    Materializer materializer = Materializer.matFromSystem(system);
    var journal = new JournalConfig(config.getConfig("jdbc-journal"));
    JdbcSnapshotWriter writer = new JdbcSnapshotWriter(
        new SingleWriteSnapshotDao(database.database(), database.profile(),
            new SnapshotConfig(config.getConfig("jdbc-snapshot-store")), serialization, executionContext, materializer),
        database.database(), journal.eventJournalTableConfiguration(),
        system.dispatchers().lookup(DispatcherSelector.blocking()));
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "stop-event-deletions", () -> {
      writer.stop();
      return CompletableFuture.completedFuture(Done.done());
    });
    return writer;
  }

  private void stop() {
    stopping = true;
    int dropped = eventDeletions.stop();
    if (dropped > 0) {
      log.info("The node stops with the old events of {} entities not yet deleted; their next snapshots delete them", dropped);
    }
  }

  @Override
  public CompletionStage<Done> save(String persistenceId, long sequenceNr, Object snapshot) {
    SnapshotMetadata metadata = SnapshotMetadata.apply(persistenceId, sequenceNr, System.currentTimeMillis());
    return CompletableFuture.supplyAsync(() -> snapshots.save(metadata, snapshot), serializing)
        .thenCompose(JdbcSnapshotWriter::done);
  }

  @Override
  public void deleteSnapshotsBefore(String persistenceId, long sequenceNr) {
    logFailure(done(snapshots.deleteUpToMaxSequenceNr(persistenceId, sequenceNr - 1)),
        "the snapshots of " + persistenceId + " before " + sequenceNr);
  }

  @Override
  public void deleteEventsTo(String persistenceId, long sequenceNr) {
    eventDeletions.request(persistenceId, sequenceNr);
  }

  private CompletionStage<Done> deleteEvents(String persistenceId, long toSequenceNr) {
    long started = System.nanoTime();
    return logFailure(eventDeletion.delete(persistenceId, toSequenceNr),
        "the events of " + persistenceId + " up to " + toSequenceNr)
        .thenApply(deleted -> {
          log.debug("Deleted the events of {} up to {} in {} ms", persistenceId, toSequenceNr,
              (System.nanoTime() - started) / 1_000_000);
          return deleted;
        });
  }

  private static CompletionStage<Done> done(Future<?> written) {
    return FutureConverters.asJava(written).thenApply(result -> Done.done());
  }

  private CompletionStage<Done> logFailure(CompletionStage<Done> deletion, String what) {
    return deletion.whenComplete((done, failure) -> {
      if (failure == null) {
        return;
      }
      if (stopping) {
        log.info("Stopped deleting {} as the node stops; the next deletion covers the rest", what);
      } else {
        log.warn("Could not delete {}; the next deletion covers them: {}", what, failure.getMessage());
      }
    });
  }
}
