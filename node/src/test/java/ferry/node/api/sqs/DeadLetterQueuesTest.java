package ferry.node.api.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ferry.node.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** Dead-letter queues and message move tasks through the AWS SDK for Java v2. */
class DeadLetterQueuesTest {
  private final TestNode node = TestNode.shared();
  private final SqsClient sqs = node.sqsJson();

  private record Pair(String source, String deadLetters, String deadLettersArn) {}

  private Pair sourceWithDeadLetters(int maxReceiveCount) {
    String prefix = TestNode.uniqueName("redrive");
    String deadLetters = sqs.createQueue(r -> r.queueName(prefix + "-dlq")).queueUrl();
    String arn = arnOf(deadLetters);
    String source = sqs.createQueue(r -> r.queueName(prefix + "-source").attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
        "{\"deadLetterTargetArn\":\"" + arn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}"))).queueUrl();
    return new Pair(source, deadLetters, arn);
  }

  private String arnOf(String url) {
    return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
  }

  private List<Message> receive(String url, int waitSeconds) {
    return sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)
        .visibilityTimeout(0).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
  }

  @Test
  void aMessageReceivedTooOftenMovesToTheDeadLetterQueueWithItsSource() {
    Pair queues = sourceWithDeadLetters(2);
    String sent = sqs.sendMessage(r -> r.queueUrl(queues.source()).messageBody("poison")).messageId();
    assertEquals(1, receive(queues.source(), 0).size());
    assertEquals(1, receive(queues.source(), 0).size());
    assertTrue(receive(queues.source(), 0).isEmpty(), "the third receive moves it instead");

    Message dead = receive(queues.deadLetters(), 10).get(0);
    assertEquals(sent, dead.messageId());
    assertEquals("poison", dead.body());
    assertEquals(arnOf(queues.source()), dead.attributes().get(MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN));
    assertEquals(List.of(queues.source()),
        sqs.listDeadLetterSourceQueues(r -> r.queueUrl(queues.deadLetters())).queueUrls());
  }

  @Test
  void aMoveTaskSendsDeadLettersBackToTheirSource() throws Exception {
    Pair queues = sourceWithDeadLetters(1);
    sqs.sendMessage(r -> r.queueUrl(queues.source()).messageBody("retry me"));
    receive(queues.source(), 0);
    assertTrue(receive(queues.source(), 0).isEmpty());
    assertEquals(1, receive(queues.deadLetters(), 10).size());
    node.clock.advance(Duration.ofSeconds(1));

    String handle = sqs.startMessageMoveTask(r -> r.sourceArn(queues.deadLettersArn()).maxNumberOfMessagesPerSecond(10))
        .taskHandle();
    ListMessageMoveTasksResultEntry task = awaitTaskEnded(queues.deadLettersArn());
    assertEquals("COMPLETED", task.status());
    assertEquals(1, task.approximateNumberOfMessagesMoved());
    assertEquals(null, task.taskHandle(), "only running tasks show their handle");
    List<Message> back = receive(queues.source(), 10);
    assertEquals("retry me", back.get(0).body());
    assertEquals(null, back.get(0).attributes().get(MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN));
    assertThrows(ResourceNotFoundException.class, () -> sqs.cancelMessageMoveTask(r -> r.taskHandle(handle)));
  }

  @Test
  void moveTasksNeedAnExistingDeadLetterQueue() {
    String plain = sqs.createQueue(r -> r.queueName(TestNode.uniqueName("plain"))).queueUrl();
    SqsException notDeadLetters = assertThrows(SqsException.class,
        () -> sqs.startMessageMoveTask(r -> r.sourceArn(arnOf(plain))));
    assertEquals("InvalidParameterValue", notDeadLetters.awsErrorDetails().errorCode());
    assertThrows(ResourceNotFoundException.class,
        () -> sqs.startMessageMoveTask(r -> r.sourceArn("arn:aws:sqs:us-east-1:000000000000:no-such-queue")));
    assertThrows(ResourceNotFoundException.class, () -> sqs.cancelMessageMoveTask(r -> r.taskHandle("bogus")));
  }

  @Test
  void redrivePoliciesMustNameAnAllowedDeadLetterQueueOfTheSameType() {
    String prefix = TestNode.uniqueName("allow");
    String closed = sqs.createQueue(r -> r.queueName(prefix + "-closed").attributes(Map.of(
        QueueAttributeName.REDRIVE_ALLOW_POLICY, "{\"redrivePermission\":\"denyAll\"}"))).queueUrl();
    SqsException denied = assertThrows(SqsException.class, () -> sqs.createQueue(r -> r.queueName(prefix + "-source")
        .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
            "{\"deadLetterTargetArn\":\"" + arnOf(closed) + "\",\"maxReceiveCount\":3}"))));
    assertEquals("InvalidParameterValue", denied.awsErrorDetails().errorCode());
    SqsException missing = assertThrows(SqsException.class, () -> sqs.createQueue(r -> r.queueName(prefix + "-other")
        .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
            "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:nowhere\",\"maxReceiveCount\":3}"))));
    assertEquals("InvalidParameterValue", missing.awsErrorDetails().errorCode());
    SqsException badAllow = assertThrows(SqsException.class, () -> sqs.setQueueAttributes(r -> r.queueUrl(closed)
        .attributes(Map.of(QueueAttributeName.REDRIVE_ALLOW_POLICY, "{\"redrivePermission\":\"byQueue\"}"))));
    assertEquals("InvalidAttributeValue", badAllow.awsErrorDetails().errorCode());
  }

  private ListMessageMoveTasksResultEntry awaitTaskEnded(String sourceArn) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      ListMessageMoveTasksResultEntry task = sqs.listMessageMoveTasks(r -> r.sourceArn(sourceArn)).results().get(0);
      if (!task.status().equals("RUNNING")) {
        return task;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the move task did not end within 20 s");
  }
}
