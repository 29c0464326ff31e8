package ferry.persistence.queue;

import ferry.persistence.snapshot.SnapshotWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.testkit.SnapshotMeta;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;

/** Stores a queue's snapshots where the persistence test kit's recovery reads them. */
final class TestKitSnapshots implements SnapshotWriter {
  private final SnapshotTestKit store;
  /** Sequence numbers of the snapshots stored, oldest first. */
  final List<Long> stored = new CopyOnWriteArrayList<>();

  TestKitSnapshots(ActorSystem<?> system) {
    this.store = SnapshotTestKit.create(system);
  }

  @Override
  public CompletionStage<Done> save(String persistenceId, long sequenceNr, Object snapshot) {
    store.persistForRecovery(persistenceId, List.of(Pair.create(SnapshotMeta.create(sequenceNr), snapshot)));
    stored.add(sequenceNr);
    return CompletableFuture.completedFuture(Done.done());
  }

  /** The test kit keeps every snapshot; recovery takes the newest. */
  @Override
  public void deleteSnapshotsBefore(String persistenceId, long sequenceNr) {}

  /** Recovery starts from the newest snapshot, so the events before it are never read. */
  @Override
  public void deleteEventsTo(String persistenceId, long sequenceNr) {}
}
