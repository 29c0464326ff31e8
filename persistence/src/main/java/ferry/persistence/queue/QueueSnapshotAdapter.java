package ferry.persistence.queue;

import org.apache.pekko.persistence.typed.SnapshotAdapter;

/**
 * The form a queue's snapshots take: a copy of the state taken on the entity's own thread. The
 * copy is serialized and written on other threads while the entity goes on changing its state in
 * place; given the state itself they would write a mix of before and after the snapshot's
 * sequence number. Pekko's recovery reads snapshots back through it.
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
