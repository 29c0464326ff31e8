package ferry.node.api.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ferry.node.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeNameException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeValueException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** FIFO queues through the AWS SDK for Java v2 (JSON protocol). */
class FifoQueuesTest {
  private final TestNode node = TestNode.shared();
  private final SqsClient sqs = node.sqsJson();

  private String newFifoQueue(Map<QueueAttributeName, String> attributes) {
    Map<QueueAttributeName, String> all = new java.util.HashMap<>(attributes);
    all.put(QueueAttributeName.FIFO_QUEUE, "true");
    return sqs.createQueue(r -> r.queueName(TestNode.uniqueName("orders") + ".fifo").attributes(all)).queueUrl();
  }

  @Test
  void fifoQueueReportsItsFifoAttributes() {
    String url = newFifoQueue(Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
    Map<String, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
        .attributesAsStrings();
    assertEquals("true", attributes.get("FifoQueue"));
    assertEquals("true", attributes.get("ContentBasedDeduplication"));
    assertEquals("queue", attributes.get("DeduplicationScope"));
    assertEquals("perQueue", attributes.get("FifoThroughputLimit"));
    sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(Map.of(
        QueueAttributeName.DEDUPLICATION_SCOPE, "messageGroup",
        QueueAttributeName.FIFO_THROUGHPUT_LIMIT, "perMessageGroupId")));
    Map<String, String> changed = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
        .attributesAsStrings();
    assertEquals("messageGroup", changed.get("DeduplicationScope"));
    assertEquals("perMessageGroupId", changed.get("FifoThroughputLimit"));
    assertThrows(InvalidAttributeValueException.class, () -> sqs.setQueueAttributes(r -> r.queueUrl(url)
        .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "false"))));
  }

  @Test
  void fifoNamesAndAttributesMustAgree() {
    SqsException notFifoName = assertThrows(SqsException.class, () -> sqs.createQueue(r -> r
        .queueName(TestNode.uniqueName("plain")).attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))));
    assertEquals("InvalidParameterValue", notFifoName.awsErrorDetails().errorCode());
    assertThrows(SqsException.class, () -> sqs.createQueue(r -> r.queueName(TestNode.uniqueName("x") + ".fifo")));
    String standard = sqs.createQueue(r -> r.queueName(TestNode.uniqueName("standard"))).queueUrl();
    assertThrows(InvalidAttributeNameException.class, () -> sqs.setQueueAttributes(r -> r.queueUrl(standard)
        .attributes(Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"))));
    SqsException dedupOnStandard = assertThrows(SqsException.class, () -> sqs.sendMessage(r -> r.queueUrl(standard)
        .messageBody("x").messageDeduplicationId("d")));
    assertEquals("InvalidParameterValue", dedupOnStandard.awsErrorDetails().errorCode());
  }

  @Test
  void sendsNeedAGroupAnIdOrContentDeduplicationAndNoDelayOfTheirOwn() {
    String url = newFifoQueue(Map.of());
    SqsException noGroup = assertThrows(SqsException.class, () -> sqs.sendMessage(r -> r.queueUrl(url)
        .messageBody("x").messageDeduplicationId("d")));
    assertEquals("MissingParameter", noGroup.awsErrorDetails().errorCode());
    SqsException noDedup = assertThrows(SqsException.class, () -> sqs.sendMessage(r -> r.queueUrl(url)
        .messageBody("x").messageGroupId("g")));
    assertEquals("InvalidParameterValue", noDedup.awsErrorDetails().errorCode());
    SqsException delay = assertThrows(SqsException.class, () -> sqs.sendMessage(r -> r.queueUrl(url)
        .messageBody("x").messageGroupId("g").messageDeduplicationId("d").delaySeconds(5)));
    assertEquals("InvalidParameterValue", delay.awsErrorDetails().errorCode());
  }

  @Test
  void aDuplicateSendIsAcknowledgedWithTheOriginalIdAndDeliveredOnce() {
    String url = newFifoQueue(Map.of());
    SendMessageResponse first = sqs.sendMessage(r -> r.queueUrl(url).messageBody("pay 10").messageGroupId("acct-1")
        .messageDeduplicationId("payment-77"));
    SendMessageResponse again = sqs.sendMessage(r -> r.queueUrl(url).messageBody("pay 10").messageGroupId("acct-1")
        .messageDeduplicationId("payment-77"));
    assertEquals(first.messageId(), again.messageId());
    assertEquals(first.sequenceNumber(), again.sequenceNumber());
    assertEquals(20, first.sequenceNumber().length());
    List<Message> received = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    assertEquals(1, received.size());
    Map<MessageSystemAttributeName, String> system = received.get(0).attributes();
    assertEquals("acct-1", system.get(MessageSystemAttributeName.MESSAGE_GROUP_ID));
    assertEquals("payment-77", system.get(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID));
    assertEquals(first.sequenceNumber(), system.get(MessageSystemAttributeName.SEQUENCE_NUMBER));
  }

  @Test
  void groupsAreDeliveredInOrderAndAGroupInFlightWaitsForItsDelete() {
    String url = newFifoQueue(Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
    SendMessageBatchResponse sent = sqs.sendMessageBatch(r -> r.queueUrl(url).entries(
        SendMessageBatchRequestEntry.builder().id("a1").messageBody("a1").messageGroupId("a").build(),
        SendMessageBatchRequestEntry.builder().id("a2").messageBody("a2").messageGroupId("a").build(),
        SendMessageBatchRequestEntry.builder().id("b1").messageBody("b1").messageGroupId("b").build(),
        SendMessageBatchRequestEntry.builder().id("a3").messageBody("a3").messageGroupId("a").build()));
    assertEquals(4, sent.successful().size());
    assertTrue(sent.successful().stream().allMatch(entry -> entry.sequenceNumber() != null));

    List<Message> firstTwo = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(2)).messages();
    assertEquals(List.of("a1", "a2"), firstTwo.stream().map(Message::body).toList());
    assertEquals(List.of("b1"), sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)).messages()
        .stream().map(Message::body).toList());
    for (Message message : firstTwo) {
      sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
    }
    assertEquals(List.of("a3"), sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)).messages()
        .stream().map(Message::body).toList());
  }

  @Test
  void aRetriedReceiveWithTheSameAttemptIdGetsTheSameMessages() {
    String url = newFifoQueue(Map.of(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"));
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("only once").messageGroupId("g"));
    Message first = sqs.receiveMessage(r -> r.queueUrl(url).receiveRequestAttemptId("try-1")).messages().get(0);
    Message retried = sqs.receiveMessage(r -> r.queueUrl(url).receiveRequestAttemptId("try-1")).messages().get(0);
    assertEquals(first.receiptHandle(), retried.receiptHandle());
    assertTrue(sqs.receiveMessage(r -> r.queueUrl(url).receiveRequestAttemptId("try-2")).messages().isEmpty());
  }
}
