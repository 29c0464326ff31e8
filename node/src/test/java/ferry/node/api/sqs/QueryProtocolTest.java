package ferry.node.api.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.model.AmazonSQSException;
import com.amazonaws.services.sqs.model.BatchEntryIdsNotDistinctException;
import com.amazonaws.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import com.amazonaws.services.sqs.model.ChangeMessageVisibilityBatchResult;
import com.amazonaws.services.sqs.model.CreateQueueRequest;
import com.amazonaws.services.sqs.model.DeleteMessageBatchRequestEntry;
import com.amazonaws.services.sqs.model.DeleteMessageBatchResult;
import com.amazonaws.services.sqs.model.ListQueuesRequest;
import com.amazonaws.services.sqs.model.ListQueuesResult;
import com.amazonaws.services.sqs.model.Message;
import com.amazonaws.services.sqs.model.MessageAttributeValue;
import com.amazonaws.services.sqs.model.PurgeQueueInProgressException;
import com.amazonaws.services.sqs.model.QueueDoesNotExistException;
import com.amazonaws.services.sqs.model.QueueNameExistsException;
import com.amazonaws.services.sqs.model.ReceiptHandleIsInvalidException;
import com.amazonaws.services.sqs.model.ReceiveMessageRequest;
import com.amazonaws.services.sqs.model.SendMessageBatchRequestEntry;
import com.amazonaws.services.sqs.model.SendMessageBatchResult;
import com.amazonaws.services.sqs.model.SendMessageRequest;
import com.amazonaws.services.sqs.model.SendMessageResult;
import ferry.node.TestNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every action through the AWS SDK for Java v1 (1.12.583), which speaks the Query protocol,
 * parses the XML answers, checks MD5s, and addresses queues by request path.
 */
class QueryProtocolTest {
  private final TestNode node = TestNode.shared();
  private final AmazonSQS sqs = node.sqsQuery();

  @Test
  void queueAdministrationWorksOverTheQueryProtocol() {
    String prefix = TestNode.uniqueName("query");
    String url = sqs.createQueue(new CreateQueueRequest(prefix + "-a")
        .withAttributes(Map.of("VisibilityTimeout", "40", "DelaySeconds", "0"))
        .withTags(Map.of("team", "core"))).getQueueUrl();
    String second = sqs.createQueue(prefix + "-b").getQueueUrl();
    assertEquals(node.endpoint + "/000000000000/" + prefix + "-a", url);
    assertEquals(url, sqs.getQueueUrl(prefix + "-a").getQueueUrl());
    assertEquals(List.of(url, second), sqs.listQueues(prefix).getQueueUrls());
    ListQueuesResult page = sqs.listQueues(new ListQueuesRequest(prefix).withMaxResults(1));
    assertEquals(List.of(url), page.getQueueUrls());
    assertEquals(List.of(second),
        sqs.listQueues(new ListQueuesRequest(prefix).withMaxResults(1).withNextToken(page.getNextToken())).getQueueUrls());

    assertEquals("40", sqs.getQueueAttributes(url, List.of("All")).getAttributes().get("VisibilityTimeout"));
    sqs.setQueueAttributes(url, Map.of("VisibilityTimeout", "50"));
    assertEquals(Map.of("VisibilityTimeout", "50"), sqs.getQueueAttributes(url, List.of("VisibilityTimeout")).getAttributes());

    assertEquals(Map.of("team", "core"), sqs.listQueueTags(url).getTags());
    sqs.tagQueue(url, Map.of("env", "test"));
    sqs.untagQueue(url, List.of("team"));
    assertEquals(Map.of("env", "test"), sqs.listQueueTags(url).getTags());

    QueueNameExistsException exists = assertThrows(QueueNameExistsException.class,
        () -> sqs.createQueue(new CreateQueueRequest(prefix + "-a").withAttributes(Map.of("VisibilityTimeout", "41"))));
    assertEquals("QueueAlreadyExists", exists.getErrorCode());

    sqs.addPermission(url, "team-b", List.of("111122223333"), List.of("SendMessage"));
    assertTrue(sqs.getQueueAttributes(url, List.of("Policy")).getAttributes().get("Policy").contains("\"Sid\":\"team-b\""));
    sqs.removePermission(url, "team-b");

    sqs.deleteQueue(second);
    QueueDoesNotExistException gone = assertThrows(QueueDoesNotExistException.class, () -> sqs.getQueueUrl(prefix + "-b"));
    assertEquals("AWS.SimpleQueueService.NonExistentQueue", gone.getErrorCode());
    assertEquals(400, gone.getStatusCode());
  }

  @Test
  void messagesRoundTripWithAttributesAndVerifiedDigests() {
    String url = sqs.createQueue(TestNode.uniqueName("query-msg")).getQueueUrl();
    String body = "line one\r\nline two & <three> \"quoted\" 'single' \u00e9\u4e2d\ud83d\ude00";
    SendMessageResult sent = sqs.sendMessage(new SendMessageRequest(url, body).withMessageAttributes(Map.of(
        "color", new MessageAttributeValue().withDataType("String").withStringValue("blue"),
        "count", new MessageAttributeValue().withDataType("Number").withStringValue("12.5"),
        "blob", new MessageAttributeValue().withDataType("Binary").withBinaryValue(
            ByteBuffer.wrap("bytes".getBytes(StandardCharsets.UTF_8))))));
    Message received = sqs.receiveMessage(new ReceiveMessageRequest(url)
        .withAttributeNames("All").withMessageAttributeNames("All").withWaitTimeSeconds(1)).getMessages().get(0);
    assertEquals(sent.getMessageId(), received.getMessageId());
    assertEquals(body, received.getBody());
    assertEquals("blue", received.getMessageAttributes().get("color").getStringValue());
    assertEquals("12.5", received.getMessageAttributes().get("count").getStringValue());
    assertEquals("bytes", StandardCharsets.UTF_8.decode(received.getMessageAttributes().get("blob").getBinaryValue()).toString());
    assertEquals("1", received.getAttributes().get("ApproximateReceiveCount"));

    sqs.changeMessageVisibility(url, received.getReceiptHandle(), 0);
    Message again = sqs.receiveMessage(new ReceiveMessageRequest(url).withMessageAttributeNames("col.*", "color"))
        .getMessages().get(0);
    assertEquals(Set.of("color"), again.getMessageAttributes().keySet());
    sqs.deleteMessage(url, again.getReceiptHandle());
    assertTrue(sqs.receiveMessage(url).getMessages().isEmpty());
  }

  @Test
  void batchesReportEntriesOverTheQueryProtocol() {
    String url = sqs.createQueue(TestNode.uniqueName("query-batch")).getQueueUrl();
    SendMessageBatchResult sent = sqs.sendMessageBatch(url, List.of(
        new SendMessageBatchRequestEntry("a", "first"),
        new SendMessageBatchRequestEntry("b", "second"),
        new SendMessageBatchRequestEntry("c", "bad \u0002")));
    assertEquals(Set.of("a", "b"), sent.getSuccessful().stream().map(e -> e.getId()).collect(Collectors.toSet()));
    assertEquals("InvalidMessageContents", sent.getFailed().get(0).getCode());

    List<Message> received = sqs.receiveMessage(new ReceiveMessageRequest(url).withMaxNumberOfMessages(10)).getMessages();
    assertEquals(2, received.size());
    ChangeMessageVisibilityBatchResult changed = sqs.changeMessageVisibilityBatch(url, List.of(
        new ChangeMessageVisibilityBatchRequestEntry("x", received.get(0).getReceiptHandle()).withVisibilityTimeout(100),
        new ChangeMessageVisibilityBatchRequestEntry("y", "bogus").withVisibilityTimeout(100)));
    assertEquals("x", changed.getSuccessful().get(0).getId());
    assertEquals("ReceiptHandleIsInvalid", changed.getFailed().get(0).getCode());

    List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
    for (int i = 0; i < received.size(); i++) {
      deletes.add(new DeleteMessageBatchRequestEntry("d" + i, received.get(i).getReceiptHandle()));
    }
    DeleteMessageBatchResult deleted = sqs.deleteMessageBatch(url, deletes);
    assertEquals(2, deleted.getSuccessful().size());
    assertThrows(BatchEntryIdsNotDistinctException.class, () -> sqs.deleteMessageBatch(url, List.of(
        new DeleteMessageBatchRequestEntry("same", "h1"), new DeleteMessageBatchRequestEntry("same", "h2"))));
  }

  @Test
  void errorsCarryTheQueryProtocolCodesAndStatuses() {
    String url = sqs.createQueue(TestNode.uniqueName("query-errors")).getQueueUrl();
    ReceiptHandleIsInvalidException invalid = assertThrows(ReceiptHandleIsInvalidException.class,
        () -> sqs.deleteMessage(url, "nonsense"));
    assertEquals(404, invalid.getStatusCode());
    sqs.purgeQueue(new com.amazonaws.services.sqs.model.PurgeQueueRequest(url));
    PurgeQueueInProgressException purge = assertThrows(PurgeQueueInProgressException.class,
        () -> sqs.purgeQueue(new com.amazonaws.services.sqs.model.PurgeQueueRequest(url)));
    assertEquals(403, purge.getStatusCode());
    node.clock.advance(Duration.ofSeconds(61));
    AmazonSQSException badValue = assertThrows(AmazonSQSException.class,
        () -> sqs.receiveMessage(new ReceiveMessageRequest(url).withMaxNumberOfMessages(0)));
    assertEquals("InvalidParameterValue", badValue.getErrorCode());
    assertEquals(AmazonSQSException.ErrorType.Client, badValue.getErrorType());
  }
}
