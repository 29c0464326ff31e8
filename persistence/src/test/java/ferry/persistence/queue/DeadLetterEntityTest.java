package ferry.persistence.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ferry.protocol.queue.MoveTask;
import ferry.protocol.queue.NewMessage;
import ferry.protocol.queue.QueueCommand;
import ferry.protocol.queue.QueueEvent;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueOp;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.QueueSettings;
import ferry.protocol.queue.ReceivedMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Messages leaving a queue for another: dead-lettered after too many receives, and moved by a
 * move task. The other queue is a probe here that answers the hand-over as a queue would.
 */
class DeadLetterEntityTest {
  private static final ActorTestKit testKit = ActorTestKit.create(EntityTestKits.config());
  private static final QueueId DEAD_LETTERS = QueueId.sqs("000000000000", "dead-letters");

  private final ManualClock clock = new ManualClock();
  private final TestProbe<QueueCommand> otherQueues = testKit.createTestProbe(QueueCommand.class);
  private final TestProbe<QueueReply> client = testKit.createTestProbe(QueueReply.class);

  @AfterAll
  static void shutDown() {
    testKit.shutdownTestKit();
  }

  private EventSourcedBehaviorTestKit<QueueCommand, QueueEvent, QueueState> queue(String name, QueueSettings settings) {
    EventSourcedBehaviorTestKit<QueueCommand, QueueEvent, QueueState> queue = EventSourcedBehaviorTestKit.create(
        testKit.system(), QueueEntity.create("sqs:000000000000:" + name + "-" + System.nanoTime(), clock,
            destination -> otherQueues.ref(), new TestKitSnapshots(testKit.system())), EntityTestKits.EVENTS_COME_BACK_EQUAL);
    queue.<QueueReply>runCommand(replyTo -> new QueueCommand.Create(settings, Map.of(), replyTo));
    return queue;
  }

  @Test
  void aMessageReceivedMaxReceiveCountTimesGoesToTheDeadLetterQueueOnItsNextReceive() {
    var source = queue("source", new QueueSettings(null, null, null, null, null, null,
        new QueueSettings.Redrive("arn:aws:sqs:us-east-1:000000000000:dead-letters", DEAD_LETTERS, 2), Map.of()));
    send(source, "poison");
    assertEquals(1, receive(source).size());
    clock.advance(Duration.ofSeconds(31));
    assertEquals(1, receive(source).size());
    clock.advance(Duration.ofSeconds(31));
    assertTrue(receive(source).isEmpty(), "the third receive hands the message over instead");

    QueueCommand.Adopt adopt = otherQueues.expectMessageClass(QueueCommand.Adopt.class);
    assertEquals("poison", adopt.messages().get(0).body());
    assertEquals(adopt.source(), adopt.messages().get(0).deadLetterSource(), "marked with the queue it came from");
    assertEquals(1, source.getState().outbox().size(), "kept until the dead-letter queue has it");
    adopt.replyTo().tell(new QueueReply.Done());
    awaitOutboxEmpty(source);
    assertEquals(0, source.getState().messages().size());
  }

  @Test
  void aHandOverIsOfferedAgainAfterRecoveryAndTakenOnlyOnce() {
    var source = queue("source", new QueueSettings(null, null, null, null, null, null,
        new QueueSettings.Redrive("arn:aws:sqs:us-east-1:000000000000:dead-letters", DEAD_LETTERS, 1), Map.of()));
    send(source, "poison");
    receive(source);
    clock.advance(Duration.ofSeconds(31));
    receive(source);
    QueueCommand.Adopt first = otherQueues.expectMessageClass(QueueCommand.Adopt.class);

    source.restart();
    QueueCommand.Adopt offeredAgain = otherQueues.expectMessageClass(QueueCommand.Adopt.class, Duration.ofSeconds(5));
    assertEquals(first.transferSeq(), offeredAgain.transferSeq());

    var deadLetters = queue("dead-letters", QueueSettings.NONE);
    assertInstanceOf(QueueReply.Done.class, deadLetters.<QueueReply>runCommand(replyTo ->
        new QueueCommand.Adopt(first.source(), first.transferSeq(), first.messages(), replyTo)).reply());
    var again = deadLetters.<QueueReply>runCommand(replyTo ->
        new QueueCommand.Adopt(first.source(), first.transferSeq(), first.messages(), replyTo));
    assertInstanceOf(QueueReply.Done.class, again.reply());
    assertTrue(again.events().isEmpty(), "a transfer taken before is not stored twice");
    List<ReceivedMessage> inDeadLetters = receive(deadLetters);
    assertEquals(1, inDeadLetters.size());
    assertEquals(first.source(), inDeadLetters.get(0).deadLetterSource());
  }

  @Test
  void aMoveTaskMovesDeadLettersBackToTheirSourceAndCompletes() {
    QueueId source = QueueId.sqs("000000000000", "orders");
    var deadLetters = queue("dead-letters", QueueSettings.NONE);
    QueueEvent.SentMessage dead = new QueueEvent.SentMessage(7, "5f0e8a9c-0d6c-4c1e-9d35-3b8f4a1b2c3d", "failed order",
        Map.of(), Map.of(), "000000000000", null, clock.millis(), clock.millis(), null, source);
    deadLetters.<QueueReply>runCommand(replyTo -> new QueueCommand.Adopt(source, 1, List.of(dead), replyTo));

    QueueReply started = deadLetters.<QueueReply>runCommand(replyTo ->
        new QueueCommand.StartMoveTask(null, null, 10, replyTo)).reply();
    String handle = ((QueueReply.MoveTaskStarted) started).handle();
    assertEquals(new QueueReply.Rejected(QueueReply.Reason.MOVE_TASK_RUNNING), deadLetters.<QueueReply>runCommand(
        replyTo -> new QueueCommand.StartMoveTask(null, null, 10, replyTo)).reply());

    QueueCommand.Adopt moved = otherQueues.expectMessageClass(QueueCommand.Adopt.class, Duration.ofSeconds(5));
    assertEquals("failed order", moved.messages().get(0).body());
    assertEquals(null, moved.messages().get(0).deadLetterSource(), "moved back, not dead-lettered again");
    moved.replyTo().tell(new QueueReply.Done());
    MoveTask done = awaitTask(deadLetters, MoveTask.Status.COMPLETED);
    assertEquals(handle, done.handle());
    assertEquals(1, done.moved());
    assertEquals(1, done.toMove());
  }

  private void awaitOutboxEmpty(EventSourcedBehaviorTestKit<QueueCommand, QueueEvent, QueueState> queue) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!queue.getState().outbox().isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(queue.getState().outbox().isEmpty());
  }

  private MoveTask awaitTask(EventSourcedBehaviorTestKit<QueueCommand, QueueEvent, QueueState> queue, MoveTask.Status status) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      QueueReply.MoveTasks tasks = (QueueReply.MoveTasks) queue.<QueueReply>runCommand(
          replyTo -> new QueueCommand.ListMoveTasks(10, replyTo)).reply();
      if (tasks.tasks().get(0).status() == status) {
        return tasks.tasks().get(0);
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the move task did not become " + status);
  }

  private void send(EventSourcedBehaviorTestKit<QueueCommand, QueueEvent, QueueState> queue, String body) {
    queue.<QueueCommand.BatchApplied>runCommand(replyTo -> new QueueCommand.Apply(List.of(new QueueOp.Send(
        List.of(new NewMessage(body, Map.of(), Map.of(), null, null, null)), "000000000000", client.ref())), replyTo));
    client.expectMessageClass(QueueReply.Sent.class);
  }

  private List<ReceivedMessage> receive(EventSourcedBehaviorTestKit<QueueCommand, QueueEvent, QueueState> queue) {
    queue.<QueueCommand.BatchApplied>runCommand(replyTo -> new QueueCommand.Apply(
        List.of(new QueueOp.Receive(10, null, 0, null, client.ref())), replyTo));
    return client.expectMessageClass(QueueReply.Received.class).messages();
  }
}
