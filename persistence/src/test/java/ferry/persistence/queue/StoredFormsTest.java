package ferry.persistence.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ferry.protocol.queue.AttributeValue;
import ferry.protocol.queue.MoveTask;
import ferry.protocol.queue.QueueEvent;
import ferry.protocol.queue.QueueEvent.Claim;
import ferry.protocol.queue.QueueEvent.SentMessage;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueSettings;
import ferry.protocol.queue.Transfer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every event, and a snapshot, with every field set comes back equal from the serializer the
 * journal uses. A field the serializer drops is lost on the next recovery: FIFO settings were,
 * through an ignored method Jackson took for their getter.
 */
class StoredFormsTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final Serialization serialization = SerializationExtension.get(testKit.system().classicSystem());

  private static final QueueId SOURCE = new QueueId("sqs", "000000000000", "source.fifo");
  private static final QueueSettings FIFO_WITH_REDRIVE = new QueueSettings(31, 2, 3_600, 2_048, 5,
      new QueueSettings.Fifo(true, true, false),
      new QueueSettings.Redrive("arn:aws:sqs:us-east-1:000000000000:dead.fifo",
          new QueueId("sqs", "000000000000", "dead.fifo"), 3),
      Map.of("Policy", "{}"));
  private static final SentMessage SENT = new SentMessage(7, "5f0c2d4e-0000-4000-8000-000000000007", "body",
      Map.of("colour", AttributeValue.ofString("String", "blue"), "raw", AttributeValue.ofBinary("Binary", new byte[] {1, 2})),
      Map.of("AWSTraceHeader", AttributeValue.ofString("String", "Root=1")), "000000000000", "group", 1_000, 2_000,
      "dedup", SOURCE);
  private static final MoveTask TASK = new MoveTask("handle", MoveTask.Status.RUNNING, "arn", SOURCE, 10, 1, 5, 3_000, null);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @Test
  void everyEventComesBackEqual() {
    List<QueueEvent> events = List.of(
        new QueueEvent.QueueCreated(FIFO_WITH_REDRIVE, Map.of("team", "a"), 1_000),
        new QueueEvent.SettingsChanged(FIFO_WITH_REDRIVE, 2_000),
        new QueueEvent.Tagged(Map.of("team", "b")),
        new QueueEvent.Untagged(Set.of("team")),
        new QueueEvent.QueuePurged(3_000),
        new QueueEvent.QueueDeleted(4_000),
        new QueueEvent.MessagesSent(List.of(SENT)),
        new QueueEvent.MessagesReceived(List.of(new Claim(7, 9_000)), 5_000, "attempt"),
        new QueueEvent.MessagesDeleted(List.of(7L)),
        new QueueEvent.VisibilityChanged(List.of(new Claim(7, 10_000))),
        new QueueEvent.MessagesHandedOver(List.of(new Transfer(1, SOURCE, List.of(SENT), true, "handle"))),
        new QueueEvent.TransferDelivered(1),
        new QueueEvent.TransferReturned(2),
        new QueueEvent.MessagesAdopted(SOURCE, 3, List.of(SENT)),
        new QueueEvent.MoveTaskStarted(TASK),
        new QueueEvent.MoveTaskEnded("handle", MoveTask.Status.FAILED, "gone"));
    for (QueueEvent event : events) {
      assertEquals(event, roundTrip(event), event.getClass().getSimpleName());
    }
  }

  @Test
  void aFifoQueueSnapshotComesBackEqual() {
    QueueState state = QueueState.absent()
        .apply(new QueueEvent.QueueCreated(FIFO_WITH_REDRIVE, Map.of("team", "a"), 1_000))
        .apply(new QueueEvent.MessagesSent(List.of(SENT)))
        .apply(new QueueEvent.MessagesReceived(List.of(new Claim(7, 9_000)), 5_000, "attempt"));
    QueueState.Snapshot snapshot = state.toSnapshot();
    assertEquals(snapshot, roundTrip(snapshot));
  }

  private static Object roundTrip(Object stored) {
    Serializer serializer = serialization.findSerializerFor(stored);
    byte[] bytes = serialization.serialize(stored).get();
    return serialization.deserialize(bytes, serializer.identifier(), Serializers.manifestFor(serializer, stored)).get();
  }
}
