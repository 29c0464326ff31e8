package ferry.persistence.snapshot;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Stores an entity's snapshots while the entity goes on serving. Pekko's own snapshots hold every
 * command of the entity back until the snapshot is written, and a queue of 750,000 FIFO messages
 * took 8 s to write on PostgreSQL. Snapshots written here are the ones Pekko's recovery reads:
 * the same store, persistence id and sequence numbers.
 */
public interface SnapshotWriter {

  /**
   * Serializes and stores {@code snapshot}, the entity's state after event {@code sequenceNr}, off
   * the caller's thread. The snapshot must not change afterwards: pass a copy.
   */
  CompletionStage<Done> save(String persistenceId, long sequenceNr, Object snapshot);

  /** Deletes the snapshots before {@code sequenceNr}. Failures are logged; a later call covers them. */
  void deleteSnapshotsBefore(String persistenceId, long sequenceNr);

  /**
   * Deletes the events before {@code sequenceNr}, which a stored snapshot stands for, in the
   * background and one entity at a time; the event at it stays, so the journal keeps the entity's
   * highest sequence number. Failures are logged; a later call covers them.
   */
  void deleteEventsTo(String persistenceId, long sequenceNr);
}
