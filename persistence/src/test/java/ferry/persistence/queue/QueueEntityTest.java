package ferry.persistence.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ferry.protocol.queue.AttributeValue;
import ferry.protocol.queue.EntryOutcome;
import ferry.protocol.queue.NewMessage;
import ferry.protocol.queue.QueueCommand;
import ferry.protocol.queue.QueueEvent;
import ferry.protocol.queue.QueueOp;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.QueueSettings;
import ferry.protocol.queue.ReceiptHandle;
import ferry.protocol.queue.ReceivedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueueEntityTest {

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
        QueueEntity.create("sqs:000000000000:orders-" + System.nanoTime(), clock, noOtherQueues(), snapshots), EntityTestKits.EVENTS_COME_BACK_EQUAL);
    client = testKit.createTestProbe(QueueReply.class);
    create(QueueSettings.NONE);
  }

  @Test
  void createdQueueHasDefaultSettingsAndNoMessages() {
    QueueReply.Description description = describe();
    assertEquals(QueueSettings.DEFAULTS, description.settings());
    assertEquals(0, description.visibleMessages());
    assertEquals(clock.millis(), description.createdAt());
  }

  @Test
  void creatingAgainWithTheSameSettingsSucceedsAndWithOthersIsRejected() {
    assertInstanceOf(QueueReply.Done.class, create(QueueSettings.NONE).reply());
    assertInstanceOf(QueueReply.Done.class, create(withVisibility(30)).reply());
    QueueReply conflicting = create(withVisibility(45)).reply();
    assertEquals(new QueueReply.Rejected(QueueReply.Reason.EXISTS_WITH_OTHER_SETTINGS), conflicting);
  }

  @Test
  void receivedMessageIsInvisibleUntilItsTimeoutExpires() {
    send("hello");
    ReceivedMessage first = receiveOne(null);
    assertEquals("hello", first.body());
    assertEquals(1, first.receiveCount());
    assertEquals(clock.millis(), first.firstReceivedAt());
    assertTrue(receive(10, null).isEmpty());
    assertEquals(1, describe().inFlightMessages());

    clock.advance(Duration.ofSeconds(31));
    ReceivedMessage second = receiveOne(null);
    assertEquals(first.messageId(), second.messageId());
    assertEquals(2, second.receiveCount());
    assertEquals(first.firstReceivedAt(), second.firstReceivedAt());
    assertNotEquals(first.receiptHandle(), second.receiptHandle());
  }

  @Test
  void delayedMessageIsCountedAsDelayedUntilItsDelayPasses() {
    sendOp(new NewMessage("later", Map.of(), Map.of(), 5, null, null));
    assertEquals(1, describe().delayedMessages());
    assertTrue(receive(1, null).isEmpty());
    clock.advance(Duration.ofSeconds(5));
    assertEquals("later", receiveOne(null).body());
  }

  @Test
  void messagesAreReceivedOldestFirstAndAtMostTheAskedNumber() {
    for (int i = 0; i < 5; i++) {
      send("m" + i);
    }
    List<ReceivedMessage> three = receive(3, null);
    assertEquals(List.of("m0", "m1", "m2"), three.stream().map(ReceivedMessage::body).toList());
    assertEquals(2, describe().visibleMessages());
  }

  @Test
  void deleteRemovesTheMessageAndAnOlderHandleStillDeletes() {
    send("x");
    ReceivedMessage first = receiveOne(0);
    ReceivedMessage second = receiveOne(null);
    assertEquals(List.of(EntryOutcome.OK), deleteMessages(first.receiptHandle()));
    assertEquals(0, describe().inFlightMessages());
    assertEquals(List.of(EntryOutcome.OK), deleteMessages(second.receiptHandle()));
    clock.advance(Duration.ofMinutes(1));
    assertTrue(receive(1, null).isEmpty());
  }

  @Test
  void handleOfAnEarlierQueueOfTheSameNameIsInvalid() {
    ReceiptHandle foreign = new ReceiptHandle(clock.millis() - 1, 1, 1);
    assertEquals(List.of(EntryOutcome.INVALID_HANDLE), deleteMessages(foreign.encode()));
  }

  @Test
  void visibilityChangeToZeroMakesTheMessageVisibleAgain() {
    send("x");
    ReceivedMessage received = receiveOne(null);
    assertEquals(List.of(EntryOutcome.OK), changeVisibility(received.receiptHandle(), 0));
    assertEquals(received.messageId(), receiveOne(null).messageId());
  }

  @Test
  void visibilityChangeIsRefusedForMessagesNotInFlightOrBeyondTwelveHours() {
    send("x");
    ReceivedMessage received = receiveOne(null);
    assertEquals(List.of(EntryOutcome.VISIBILITY_LIMIT_EXCEEDED),
        changeVisibility(received.receiptHandle(), 43_201));
    assertEquals(List.of(EntryOutcome.OK), changeVisibility(received.receiptHandle(), 43_200));
    clock.advance(Duration.ofHours(13));
    assertEquals(List.of(EntryOutcome.NOT_IN_FLIGHT), changeVisibility(received.receiptHandle(), 10));
    deleteMessages(received.receiptHandle());
    assertEquals(List.of(EntryOutcome.MESSAGE_GONE), changeVisibility(received.receiptHandle(), 10));
  }

  @Test
  void messageOlderThanTheRetentionPeriodIsGone() {
    configure(new QueueSettings(null, null, 60, null, null, null, null, Map.of()));
    send("short-lived");
    clock.advance(Duration.ofSeconds(60));
    assertEquals(0, describe().visibleMessages());
    assertTrue(receive(1, null).isEmpty());
  }

  @Test
  void messageLargerThanTheQueueMaximumIsRefused() {
    configure(new QueueSettings(null, null, null, 1024, null, null, null, Map.of()));
    QueueReply.Sent sent = (QueueReply.Sent) sendOp(
        new NewMessage("x".repeat(1000), Map.of("a", AttributeValue.ofString("String", "y".repeat(30))),
            Map.of(), null, null, null));
    assertEquals(1024, sent.maximumMessageSize());
    assertEquals(QueueReply.SendRefusal.TOO_LARGE, sent.outcomes().get(0).refusal());
  }

  @Test
  void purgeDeletesEverythingAndASecondPurgeWithinAMinuteIsRefused() {
    send("a");
    send("b");
    receiveOne(null);
    assertInstanceOf(QueueReply.Done.class, queue.runCommand(QueueCommand.Purge::new).reply());
    assertEquals(0, describe().inFlightMessages() + describe().visibleMessages());
    assertEquals(new QueueReply.Rejected(QueueReply.Reason.PURGE_IN_PROGRESS),
        queue.runCommand(QueueCommand.Purge::new).reply());
    clock.advance(Duration.ofSeconds(61));
    assertInstanceOf(QueueReply.Done.class, queue.runCommand(QueueCommand.Purge::new).reply());
  }

  @Test
  void deletedQueueIsGoneAndItsNameBlockedForAMinute() {
    send("a");
    assertInstanceOf(QueueReply.Done.class, queue.runCommand(QueueCommand.Delete::new).reply());
    assertInstanceOf(QueueReply.NoSuchQueue.class, queue.runCommand(QueueCommand.Describe::new).reply());
    sendExpecting(QueueReply.NoSuchQueue.class);
    assertEquals(new QueueReply.Rejected(QueueReply.Reason.DELETED_RECENTLY), create(QueueSettings.NONE).reply());
    clock.advance(Duration.ofSeconds(61));
    assertInstanceOf(QueueReply.Done.class, create(QueueSettings.NONE).reply());
    assertEquals(0, describe().visibleMessages());
  }

  @Test
  void longPollIsAnsweredWhenAMessageArrives() {
    apply(new QueueOp.Receive(1, null, 20, null, client.ref()));
    client.expectNoMessage(Duration.ofMillis(50));
    send("wake up");
    // the entity serves parked receives from a wake-up it sends itself after the send is stored
    queue.runCommand(new QueueCommand.WakeUp());
    QueueReply.Received received = client.expectMessageClass(QueueReply.Received.class);
    assertEquals("wake up", received.messages().get(0).body());
  }

  @Test
  void longPollIsAnsweredEmptyWhenItsWaitEnds() {
    apply(new QueueOp.Receive(1, null, 2, null, client.ref()));
    clock.advance(Duration.ofSeconds(2));
    queue.runCommand(new QueueCommand.WakeUp());
    assertTrue(client.expectMessageClass(QueueReply.Received.class).messages().isEmpty());
  }

  @Test
  void queueRecoversMessagesAndClaimsFromItsEvents() {
    send("claimed");
    send("kept");
    ReceivedMessage claimed = receiveOne(60);
    queue.restart();
    assertEquals(1, describe().visibleMessages());
    assertEquals(1, describe().inFlightMessages());
    assertEquals(List.of(EntryOutcome.OK), deleteMessages(claimed.receiptHandle()));
    assertEquals("kept", receiveOne(null).body());
  }

  /**
   * 600 sends, then 500 receives and deletes: past the 1,500 events after which a queue snapshots
   * at the latest, and their replay costs twice that of sending the messages left, so the queue
   * stores a snapshot on the way, and events follow it.
   */
  @Test
  void queueRecoversFromASnapshotAndTheEventsAfterIt() {
    for (int i = 0; i < 600; i++) {
      send("m" + i);
    }
    for (int i = 0; i < 500; i++) {
      assertEquals(List.of(EntryOutcome.OK), deleteMessages(receiveOne(null).receiptHandle()));
    }
    assertFalse(snapshots.stored.isEmpty(), "a snapshot was stored");
    queue.restart();
    assertEquals(100, describe().visibleMessages());
    List<ReceivedMessage> firstTwo = receive(2, null);
    assertEquals(List.of("m500", "m501"), firstTwo.stream().map(ReceivedMessage::body).toList());
  }

  /**
   * 600 sends, 240 receives and deletes, a restart, then 210 more: at 150 messages left, 1,500
   * events counted across the restart (the most a queue lets pass before a snapshot) whose replay
   * costs over twice that of sending the messages left (a send weighs five claims or deletions),
   * so the snapshot is due. Counting only the 420 events since the restart, fewer than the 500 a
   * queue lets pass at least, it was not. Before the restart, at 360 messages left, it was not due
   * either, by cost; with receives and deletions weighing as much as sends, it was due at 400.
   */
  @Test
  void eventsReplayedByARestartCountTowardTheNextSnapshot() {
    for (int i = 0; i < 600; i++) {
      send("m" + i);
    }
    receiveAndDelete(240);
    queue.restart();
    assertTrue(snapshots.stored.isEmpty(), "no snapshot before the restart");

    receiveAndDelete(210);

    assertFalse(snapshots.stored.isEmpty(), "a snapshot due after 1,500 events counted across the restart");
  }

  private void receiveAndDelete(int messages) {
    for (int i = 0; i < messages; i++) {
      assertEquals(List.of(EntryOutcome.OK), deleteMessages(receiveOne(null).receiptHandle()));
    }
  }

  private static java.util.function.Function<ferry.protocol.queue.QueueId, org.apache.pekko.actor.typed.RecipientRef<QueueCommand>> noOtherQueues() {
    ActorRef<QueueCommand> nowhere = testKit.createTestProbe(QueueCommand.class).ref();
    return queue -> nowhere;
  }

  private CommandResultWithReply<QueueCommand, QueueEvent, QueueState, QueueReply> create(QueueSettings settings) {
    return queue.<QueueReply>runCommand(replyTo -> new QueueCommand.Create(settings, Map.of(), replyTo));
  }

  private void configure(QueueSettings changes) {
    queue.<QueueReply>runCommand(replyTo -> new QueueCommand.Configure(changes, replyTo));
  }

  private QueueReply.Description describe() {
    return (QueueReply.Description) queue.runCommand(QueueCommand.Describe::new).reply();
  }

  private static QueueSettings withVisibility(int seconds) {
    return new QueueSettings(seconds, null, null, null, null, null, null, Map.of());
  }

  private void send(String body) {
    sendOp(new NewMessage(body, Map.of(), Map.of(), null, null, null));
  }

  private QueueReply sendOp(NewMessage message) {
    return op(replyTo -> new QueueOp.Send(List.of(message), "000000000000", replyTo));
  }

  private void sendExpecting(Class<? extends QueueReply> replyType) {
    assertInstanceOf(replyType, sendOp(new NewMessage("x", Map.of(), Map.of(), null, null, null)));
  }

  private List<ReceivedMessage> receive(int max, Integer visibilityTimeout) {
    QueueReply reply = op(replyTo -> new QueueOp.Receive(max, visibilityTimeout, 0, null, replyTo));
    return new ArrayList<>(((QueueReply.Received) reply).messages());
  }

  private ReceivedMessage receiveOne(Integer visibilityTimeout) {
    List<ReceivedMessage> received = receive(1, visibilityTimeout);
    assertEquals(1, received.size());
    return received.get(0);
  }

  private List<EntryOutcome> deleteMessages(String handle) {
    ReceiptHandle parsed = ReceiptHandle.parse(handle).orElseThrow();
    QueueReply reply = op(replyTo -> new QueueOp.DeleteMessages(List.of(parsed), replyTo));
    return ((QueueReply.EntriesDone) reply).outcomes();
  }

  private List<EntryOutcome> changeVisibility(String handle, int seconds) {
    ReceiptHandle parsed = ReceiptHandle.parse(handle).orElseThrow();
    QueueReply reply = op(replyTo -> new QueueOp.ChangeVisibility(
        List.of(new QueueOp.VisibilityChange(parsed, seconds)), replyTo));
    return ((QueueReply.EntriesDone) reply).outcomes();
  }

  private QueueReply op(Function<ActorRef<QueueReply>, QueueOp> op) {
    apply(op.apply(client.ref()));
    return client.receiveMessage();
  }

  private void apply(QueueOp op) {
    queue.<QueueCommand.BatchApplied>runCommand(replyTo -> new QueueCommand.Apply(List.of(op), replyTo));
  }
}
