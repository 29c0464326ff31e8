package ferry.persistence.queue;

import org.apache.pekko.persistence.typed.SnapshotAdapter;

/**
 * Hands the snapshot store a copy of the queue taken on the entity's own thread. The store
 * serializes on another thread while the entity goes on changing its state in place; given the
 * state itself it would write a mix of before and after the snapshot's sequence number.
 */
final class QueueSnapshotAdapter implements SnapshotAdapter<QueueState> {

  @Override
  public Object toJournal(QueueState state) {
    return state.toSnapshot();
  }

  /** Snapshots written before this adapter hold the state itself (its class name, the same fields). */
  @Override
  public QueueState fromJournal(Object stored) {
    return stored instanceof QueueState.Snapshot snapshot ? QueueState.fromSnapshot(snapshot) : (QueueState) stored;
  }
}
