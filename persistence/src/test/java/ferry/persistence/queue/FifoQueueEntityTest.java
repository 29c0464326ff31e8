package ferry.persistence.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ferry.protocol.queue.EntryOutcome;
import ferry.protocol.queue.NewMessage;
import ferry.protocol.queue.QueueCommand;
import ferry.protocol.queue.QueueEvent;
import ferry.protocol.queue.QueueOp;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.QueueReply.SendOutcome;
import ferry.protocol.queue.QueueSettings;
import ferry.protocol.queue.ReceiptHandle;
import ferry.protocol.queue.ReceivedMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FIFO queues: deduplication, order and the lock of a group with a message in flight. */
class FifoQueueEntityTest {

  private static final ActorTestKit testKit = ActorTestKit.create(EntityTestKits.config());

  private final ManualClock clock = new ManualClock();
  private final TestKitSnapshots snapshots = new TestKitSnapshots(testKit.system());
  private EventSourcedBehaviorTestKit<QueueCommand, QueueEvent, QueueState> queue;
  private TestProbe<QueueReply> client;

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void startQueue() {
    queue = EventSourcedBehaviorTestKit.create(testKit.system(),
        QueueEntity.create("sqs:000000000000:orders-" + System.nanoTime() + ".fifo", clock, queue -> testKit.createTestProbe(QueueCommand.class).ref(), snapshots), EntityTestKits.EVENTS_COME_BACK_EQUAL);
    client = testKit.createTestProbe(QueueReply.class);
    create(new QueueSettings.Fifo(false, false, false));
  }

  private void create(QueueSettings.Fifo fifo) {
    queue.<QueueReply>runCommand(replyTo -> new QueueCommand.Create(
        new QueueSettings(null, null, null, null, null, fifo, null, Map.of()), Map.of(), replyTo));
  }

  @Test
  void aRepeatedDeduplicationIdWithinFiveMinutesIsAcknowledgedWithTheOriginalAndNotStored() {
    SendOutcome first = send("g", "hello", "d1");
    SendOutcome repeat = send("g", "hello again", "d1");
    assertEquals(first, repeat);
    assertEquals(1, receive(10, null).size());

    clock.advance(Duration.ofMinutes(5));
    SendOutcome afterWindow = send("g", "hello", "d1");
    assertNotEquals(first.messageId(), afterWindow.messageId());
    assertTrue(afterWindow.seq() > first.seq());
  }

  @Test
  void contentBasedDeduplicationUsesTheBody() {
    configure(new QueueSettings.Fifo(true, null, null));
    SendOutcome first = send("g", "same body", null);
    assertEquals(first, send("g", "same body", null));
    assertNotEquals(first.messageId(), send("g", "other body", null).messageId());
  }

  @Test
  void withoutContentBasedDeduplicationAMessageNeedsAnId() {
    assertEquals(QueueReply.SendRefusal.NO_DEDUPLICATION_ID, send("g", "no id", null).refusal());
  }

  @Test
  void deduplicationScopedToTheGroupLetsOtherGroupsUseTheSameId() {
    configure(new QueueSettings.Fifo(null, true, true));
    SendOutcome inA = send("a", "x", "same");
    SendOutcome inB = send("b", "x", "same");
    assertNotEquals(inA.messageId(), inB.messageId());
    assertEquals(inA, send("a", "x", "same"));
  }

  @Test
  void aGroupWithAMessageInFlightDeliversNothingMoreUntilItIsDeleted() {
    send("a", "a1", "1");
    send("a", "a2", "2");
    send("b", "b1", "3");
    List<ReceivedMessage> first = receive(1, null);
    assertEquals(List.of("a1"), bodies(first));
    assertEquals(List.of("b1"), bodies(receive(10, null)));
    assertTrue(receive(10, null).isEmpty());
    delete(first.get(0));
    assertEquals(List.of("a2"), bodies(receive(10, null)));
  }

  @Test
  void messagesOfAGroupComeInOrderAndAGroupReturnsWhenItsVisibilityExpires() {
    for (int i = 1; i <= 3; i++) {
      send("g", "m" + i, "id" + i);
    }
    assertEquals(List.of("m1", "m2"), bodies(receive(2, null)));
    clock.advance(Duration.ofSeconds(31));
    List<ReceivedMessage> again = receive(10, null);
    assertEquals(List.of("m1", "m2", "m3"), bodies(again));
    assertEquals(2, again.get(0).receiveCount());
  }

  @Test
  void aRetriedReceiveAttemptGetsTheSameMessagesAndHandles() {
    send("g", "m1", "1");
    send("g", "m2", "2");
    List<ReceivedMessage> first = receive(10, "attempt-1");
    List<ReceivedMessage> retry = receive(10, "attempt-1");
    assertEquals(first.stream().map(ReceivedMessage::receiptHandle).toList(),
        retry.stream().map(ReceivedMessage::receiptHandle).toList());
    assertTrue(receive(10, "attempt-2").isEmpty(), "the group is still in flight");
    delete(first.get(0));
    assertTrue(receive(10, "attempt-1").isEmpty(), "a deleted message ends the attempt");
  }

  /** Journals written before the fix hold a FIFO queue's creation without its FIFO settings. */
  @Test
  void aFifoQueueWhoseStoredCreationLostItsFifoSettingsRecoversAsAFifoQueue() {
    String entityId = "sqs:000000000000:earlier-" + System.nanoTime() + ".fifo";
    QueueEvent.SentMessage kept = new QueueEvent.SentMessage(1, "5f0c2d4e-0000-4000-8000-000000000001", "kept",
        Map.of(), Map.of(), "000000000000", "g", clock.millis(), clock.millis(), "once", null);
    queue = EventSourcedBehaviorTestKit.create(testKit.system(),
        QueueEntity.create(entityId, clock, other -> testKit.createTestProbe(QueueCommand.class).ref(), snapshots),
        EntityTestKits.EVENTS_COME_BACK_EQUAL);
    PersistenceTestKit.create(testKit.system()).persistForRecovery(
        PersistenceId.of(QueueEntity.KEY.name(), entityId).id(),
        List.of(new QueueEvent.QueueCreated(QueueSettings.DEFAULTS, Map.of(), clock.millis()),
            new QueueEvent.MessagesSent(List.of(kept))));
    queue.restart();
    QueueReply.Description description = (QueueReply.Description) queue.runCommand(QueueCommand.Describe::new).reply();
    assertEquals(QueueSettings.Fifo.DEFAULTS, description.settings().fifo());
    assertEquals(new SendOutcome(kept.messageId(), 1, null), send("g", "kept", "once"));
  }

  /**
   * 600 sends, then 500 receives and deletions: past the 1,500 events after which a queue snapshots
   * at the latest, and their replay costs twice that of sending the messages left, so a snapshot
   * holds the deduplication whatever number of events the queue drew.
   */
  @Test
  void deduplicationSurvivesRecoveryFromEventsAndFromASnapshot() {
    SendOutcome original = send("g", "kept", "once");
    queue.restart();
    assertEquals(original, send("g", "kept", "once"));
    for (int i = 0; i < 600; i++) {
      send("f" + i, "filler", "f" + i);
    }
    for (int i = 0; i < 500; i++) {
      delete(receive(1, null).get(0));
    }
    assertFalse(snapshots.stored.isEmpty(), "a snapshot was stored");
    queue.restart();
    assertEquals(original, send("g", "kept", "once"));
    assertEquals(101, ((QueueReply.Description) queue.runCommand(QueueCommand.Describe::new).reply()).visibleMessages());
  }

  private void configure(QueueSettings.Fifo changes) {
    queue.<QueueReply>runCommand(replyTo -> new QueueCommand.Configure(
        new QueueSettings(null, null, null, null, null, changes, null, Map.of()), replyTo));
  }

  private SendOutcome send(String group, String body, String deduplicationId) {
    NewMessage message = new NewMessage(body, Map.of(), Map.of(), null, group, deduplicationId);
    apply(new QueueOp.Send(List.of(message), "000000000000", client.ref()));
    return ((QueueReply.Sent) client.receiveMessage()).outcomes().get(0);
  }

  private List<ReceivedMessage> receive(int max, String attemptId) {
    apply(new QueueOp.Receive(max, null, 0, attemptId, client.ref()));
    return ((QueueReply.Received) client.receiveMessage()).messages();
  }

  private void delete(ReceivedMessage message) {
    ReceiptHandle handle = ReceiptHandle.parse(message.receiptHandle()).orElseThrow();
    apply(new QueueOp.DeleteMessages(List.of(handle), client.ref()));
    assertEquals(List.of(EntryOutcome.OK), ((QueueReply.EntriesDone) client.receiveMessage()).outcomes());
  }

  private void apply(QueueOp op) {
    queue.<QueueCommand.BatchApplied>runCommand(replyTo -> new QueueCommand.Apply(List.of(op), replyTo));
  }

  private static List<String> bodies(List<ReceivedMessage> messages) {
    return messages.stream().map(ReceivedMessage::body).toList();
  }
}
