package ferry.node.api.sqs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ferry.node.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sqs.model.InvalidBatchEntryIdException;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageNotInflightException;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;

/**
 * Sending, receiving and deleting messages through the AWS SDK for Java v2 (JSON protocol),
 * which checks every MD5 it is given.
 */
class MessagesTest {
  private final TestNode node = TestNode.shared();
  private final SqsClient sqs = node.sqsJson();

  private String newQueue(Map<QueueAttributeName, String> attributes) {
    return sqs.createQueue(r -> r.queueName(TestNode.uniqueName("messages")).attributes(attributes)).queueUrl();
  }

  private List<Message> receive(String url, int max) {
    return sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(max)
        .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
  }

  private List<String> receiveAndDelete(String url) {
    List<Message> received = receive(url, 10);
    received.forEach(m -> sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle())));
    return received.stream().map(Message::body).toList();
  }

  @Test
  void sentMessageIsReceivedWithItsSystemAttributesAndThenDeleted() {
    String url = newQueue(Map.of());
    SendMessageResponse sent = sqs.sendMessage(r -> r.queueUrl(url).messageBody("hello ferry"));
    assertEquals("ad9f72211c92ab79b91bbbd183b291a7", sent.md5OfMessageBody());

    Message received = receive(url, 1).get(0);
    assertEquals(sent.messageId(), received.messageId());
    assertEquals("hello ferry", received.body());
    Map<MessageSystemAttributeName, String> system = received.attributes();
    assertEquals("1", system.get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
    assertEquals("000000000000", system.get(MessageSystemAttributeName.SENDER_ID));
    long sentAt = Long.parseLong(system.get(MessageSystemAttributeName.SENT_TIMESTAMP));
    long firstReceive = Long.parseLong(system.get(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP));
    assertTrue(firstReceive >= sentAt);

    sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(received.receiptHandle()));
    node.clock.advance(Duration.ofSeconds(31));
    assertTrue(receive(url, 10).isEmpty());
  }

  @Test
  void receivedMessageReturnsAfterItsVisibilityTimeoutWithANewHandleAndCount() {
    String url = newQueue(Map.of());
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("again"));
    Message first = receive(url, 1).get(0);
    assertTrue(receive(url, 1).isEmpty());
    node.clock.advance(Duration.ofSeconds(31));
    Message second = receive(url, 1).get(0);
    assertEquals(first.messageId(), second.messageId());
    assertNotEquals(first.receiptHandle(), second.receiptHandle());
    assertEquals("2", second.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
    assertEquals(first.attributes().get(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP),
        second.attributes().get(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP));
  }

  @Test
  void visibilityTimeoutOfAReceiveAndOfAChangeApplyToThatMessageOnly() {
    String url = newQueue(Map.of());
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("short"));
    Message received = sqs.receiveMessage(r -> r.queueUrl(url).visibilityTimeout(5)).messages().get(0);
    node.clock.advance(Duration.ofSeconds(6));
    Message again = receive(url, 1).get(0);
    sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(again.receiptHandle()).visibilityTimeout(0));
    Message third = receive(url, 1).get(0);
    assertEquals(received.messageId(), third.messageId());
    sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(third.receiptHandle()).visibilityTimeout(600));
    node.clock.advance(Duration.ofSeconds(120));
    assertTrue(receive(url, 1).isEmpty());
  }

  @Test
  void visibilityCannotBeExtendedBeyondTwelveHoursAfterTheReceive() {
    String url = newQueue(Map.of());
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("x"));
    Message received = sqs.receiveMessage(r -> r.queueUrl(url).visibilityTimeout(43_200)).messages().get(0);
    node.clock.advance(Duration.ofHours(1));
    SqsException tooLong = assertThrows(SqsException.class, () -> sqs.changeMessageVisibility(r -> r
        .queueUrl(url).receiptHandle(received.receiptHandle()).visibilityTimeout(43_200)));
    assertEquals("InvalidParameterValue", tooLong.awsErrorDetails().errorCode());
    sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(received.receiptHandle()).visibilityTimeout(39_000));
  }

  @Test
  void queueDelayAndMessageDelayHideMessagesUntilTheyPass() {
    String url = newQueue(Map.of(QueueAttributeName.DELAY_SECONDS, "10"));
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("queue delay"));
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("own delay").delaySeconds(60));
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("no delay").delaySeconds(0));
    assertEquals(List.of("no delay"), receiveAndDelete(url));
    node.clock.advance(Duration.ofSeconds(10));
    assertEquals(List.of("queue delay"), receiveAndDelete(url));
    node.clock.advance(Duration.ofSeconds(50));
    assertEquals(List.of("own delay"), receiveAndDelete(url));
  }

  @Test
  void messagesPastTheRetentionPeriodAreGone() {
    String url = newQueue(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60"));
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("soon gone"));
    node.clock.advance(Duration.ofSeconds(61));
    assertTrue(receive(url, 10).isEmpty());
    assertEquals("0", sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL))
        .attributesAsStrings().get("ApproximateNumberOfMessages"));
  }

  @Test
  void messageAttributesOfEveryTypeRoundTripAndAreFilteredByNameAndPrefix() {
    String url = newQueue(Map.of());
    Map<String, MessageAttributeValue> attributes = Map.of(
        "color", MessageAttributeValue.builder().dataType("String").stringValue("blue").build(),
        "price", MessageAttributeValue.builder().dataType("Number.float").stringValue("4563442423554324324264524243.32543234").build(),
        "image", MessageAttributeValue.builder().dataType("Binary.gif").binaryValue(SdkBytes.fromUtf8String("Hello binary world!")).build(),
        "meta.owner", MessageAttributeValue.builder().dataType("String").stringValue("ops").build(),
        "meta.level", MessageAttributeValue.builder().dataType("Number").stringValue("3").build());
    SendMessageResponse sent = sqs.sendMessage(r -> r.queueUrl(url).messageBody("typed").messageAttributes(attributes)
        .messageSystemAttributes(Map.of(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
            MessageSystemAttributeValue.builder().dataType("String").stringValue("Root=1-5759e988-bd862e3fe1be46a994272793").build())));
    assertEquals(32, sent.md5OfMessageAttributes().length());
    assertEquals(32, sent.md5OfMessageSystemAttributes().length());

    Message all = receive(url, 1).get(0);
    assertEquals(attributes, all.messageAttributes());
    assertEquals("Root=1-5759e988-bd862e3fe1be46a994272793", all.attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER));
    assertArrayEquals("Hello binary world!".getBytes(), all.messageAttributes().get("image").binaryValue().asByteArray());

    sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(all.receiptHandle()).visibilityTimeout(0));
    Message some = sqs.receiveMessage(r -> r.queueUrl(url).messageAttributeNames("color", "meta.*")).messages().get(0);
    assertEquals(Set.of("color", "meta.owner", "meta.level"), some.messageAttributes().keySet());
    assertTrue(some.attributes().isEmpty());

    sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(some.receiptHandle()).visibilityTimeout(0));
    Message none = sqs.receiveMessage(r -> r.queueUrl(url)).messages().get(0);
    assertTrue(none.messageAttributes().isEmpty());
  }

  @Test
  void invalidMessagesAreRefusedWithTheRealErrors() {
    String url = newQueue(Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "1024"));
    assertThrows(InvalidMessageContentsException.class, () -> sqs.sendMessage(r -> r.queueUrl(url).messageBody("bad \u0001 char")));
    SqsException tooLarge = assertThrows(SqsException.class, () -> sqs.sendMessage(r -> r.queueUrl(url).messageBody("x".repeat(1025))));
    assertEquals("InvalidParameterValue", tooLarge.awsErrorDetails().errorCode());
    assertTrue(tooLarge.getMessage().contains("Message must be shorter than 1024 bytes"), tooLarge.getMessage());
    SqsException badDelay = assertThrows(SqsException.class, () -> sqs.sendMessage(r -> r.queueUrl(url).messageBody("x").delaySeconds(901)));
    assertEquals("InvalidParameterValue", badDelay.awsErrorDetails().errorCode());
    SqsException badAttribute = assertThrows(SqsException.class, () -> sqs.sendMessage(r -> r.queueUrl(url).messageBody("x")
        .messageAttributes(Map.of("AWS.reserved", MessageAttributeValue.builder().dataType("String").stringValue("v").build()))));
    assertEquals("InvalidParameterValue", badAttribute.awsErrorDetails().errorCode());
    SqsException badType = assertThrows(SqsException.class, () -> sqs.sendMessage(r -> r.queueUrl(url).messageBody("x")
        .messageAttributes(Map.of("n", MessageAttributeValue.builder().dataType("Decimal").stringValue("1").build()))));
    assertEquals("InvalidParameterValue", badType.awsErrorDetails().errorCode());
    SqsException badNumber = assertThrows(SqsException.class, () -> sqs.sendMessage(r -> r.queueUrl(url).messageBody("x")
        .messageAttributes(Map.of("n", MessageAttributeValue.builder().dataType("Number").stringValue("twelve").build()))));
    assertEquals("InvalidParameterValue", badNumber.awsErrorDetails().errorCode());
    SqsException tooMany = assertThrows(SqsException.class, () -> sqs.sendMessage(r -> r.queueUrl(url).messageBody("x")
        .messageAttributes(IntStream.range(0, 11).boxed().collect(Collectors.toMap(i -> "a" + i,
            i -> MessageAttributeValue.builder().dataType("String").stringValue("v").build())))));
    assertEquals("InvalidParameterValue", tooMany.awsErrorDetails().errorCode());
    SqsException badMax = assertThrows(SqsException.class, () -> sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(11)));
    assertEquals("InvalidParameterValue", badMax.awsErrorDetails().errorCode());
    SqsException badWait = assertThrows(SqsException.class, () -> sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(21)));
    assertEquals("InvalidParameterValue", badWait.awsErrorDetails().errorCode());
  }

  @Test
  void longPollIsAnsweredAsSoonAsAMessageArrives() throws Exception {
    String url = newQueue(Map.of());
    long started = System.nanoTime();
    CompletableFuture<List<Message>> poll = CompletableFuture.supplyAsync(
        () -> sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(20)).messages());
    Thread.sleep(500);
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("arrived"));
    List<Message> received = poll.get();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals("arrived", received.get(0).body());
    assertTrue(tookMillis < 10_000, "the long poll took " + tookMillis + " ms");
  }

  @Test
  void longPollWithNothingToReceiveEndsEmptyAfterItsWait() {
    String url = newQueue(Map.of(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "1"));
    long started = System.nanoTime();
    assertTrue(sqs.receiveMessage(r -> r.queueUrl(url)).messages().isEmpty());
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(tookMillis >= 900, "the queue's default wait applied: " + tookMillis + " ms");
    long shortStarted = System.nanoTime();
    assertTrue(sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(0)).messages().isEmpty());
    assertTrue((System.nanoTime() - shortStarted) / 1_000_000 < 900, "WaitTimeSeconds 0 overrides the queue default");
  }

  @Test
  void longestLongPollEndsEmptyAfterTwentySecondsRatherThanTimingOut() {
    String url = newQueue(Map.of());
    long started = System.nanoTime();
    assertTrue(sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(20)).messages().isEmpty());
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(tookMillis >= 19_500 && tookMillis < 25_000, "took " + tookMillis + " ms");
  }

  @Test
  void longPollIsWokenWhenADelayedMessageBecomesVisible() {
    String url = newQueue(Map.of());
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("in a second").delaySeconds(1));
    long started = System.nanoTime();
    List<Message> received = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(10)).messages();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals("in a second", received.get(0).body());
    assertTrue(tookMillis < 5_000, "took " + tookMillis + " ms");
  }

  @Test
  void sendBatchStoresValidEntriesAndReportsInvalidOnes() {
    String url = newQueue(Map.of());
    SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(url).entries(
        SendMessageBatchRequestEntry.builder().id("ok1").messageBody("one").build(),
        SendMessageBatchRequestEntry.builder().id("bad").messageBody("bad \u0000").build(),
        SendMessageBatchRequestEntry.builder().id("ok2").messageBody("two").messageAttributes(Map.of(
            "k", MessageAttributeValue.builder().dataType("String").stringValue("v").build())).build()));
    assertEquals(Set.of("ok1", "ok2"), response.successful().stream().map(e -> e.id()).collect(Collectors.toSet()));
    BatchResultErrorEntry failed = response.failed().get(0);
    assertEquals("bad", failed.id());
    assertEquals("InvalidMessageContents", failed.code());
    assertTrue(failed.senderFault());
    assertEquals(Set.of("one", "two"), receive(url, 10).stream().map(Message::body).collect(Collectors.toSet()));
  }

  @Test
  void malformedBatchesAreRefusedWhole() {
    String url = newQueue(Map.of());
    assertThrows(EmptyBatchRequestException.class, () -> sqs.sendMessageBatch(r -> r.queueUrl(url).entries(List.of())));
    assertThrows(TooManyEntriesInBatchRequestException.class, () -> sqs.sendMessageBatch(r -> r.queueUrl(url).entries(
        IntStream.range(0, 11).mapToObj(i -> SendMessageBatchRequestEntry.builder().id("e" + i).messageBody("b").build()).toList())));
    assertThrows(BatchEntryIdsNotDistinctException.class, () -> sqs.sendMessageBatch(r -> r.queueUrl(url).entries(
        SendMessageBatchRequestEntry.builder().id("same").messageBody("a").build(),
        SendMessageBatchRequestEntry.builder().id("same").messageBody("b").build())));
    assertThrows(InvalidBatchEntryIdException.class, () -> sqs.sendMessageBatch(r -> r.queueUrl(url).entries(
        SendMessageBatchRequestEntry.builder().id("no spaces").messageBody("a").build())));
    SqsException tooLong = assertThrows(SqsException.class, () -> sqs.sendMessageBatch(r -> r.queueUrl(url).entries(
        IntStream.range(0, 2).mapToObj(i -> SendMessageBatchRequestEntry.builder().id("e" + i).messageBody("x".repeat(600_000)).build()).toList())));
    assertEquals("AWS.SimpleQueueService.BatchRequestTooLong", tooLong.awsErrorDetails().errorCode());
    assertTrue(receive(url, 10).isEmpty());
  }

  @Test
  void deleteAndVisibilityBatchesReportEachEntry() {
    String url = newQueue(Map.of());
    for (int i = 0; i < 3; i++) {
      String body = "m" + i;
      sqs.sendMessage(r -> r.queueUrl(url).messageBody(body));
    }
    List<Message> received = receive(url, 10);
    assertEquals(3, received.size());
    ChangeMessageVisibilityBatchResponse changed = sqs.changeMessageVisibilityBatch(r -> r.queueUrl(url).entries(
        e -> e.id("a").receiptHandle(received.get(0).receiptHandle()).visibilityTimeout(0),
        e -> e.id("b").receiptHandle("garbage").visibilityTimeout(0)));
    assertEquals(List.of("a"), changed.successful().stream().map(e -> e.id()).toList());
    assertEquals("ReceiptHandleIsInvalid", changed.failed().get(0).code());

    DeleteMessageBatchResponse deleted = sqs.deleteMessageBatch(r -> r.queueUrl(url).entries(
        e -> e.id("x").receiptHandle(received.get(1).receiptHandle()),
        e -> e.id("y").receiptHandle(received.get(2).receiptHandle()),
        e -> e.id("z").receiptHandle("not-a-handle")));
    assertEquals(Set.of("x", "y"), deleted.successful().stream().map(e -> e.id()).collect(Collectors.toSet()));
    assertEquals("ReceiptHandleIsInvalid", deleted.failed().get(0).code());
    assertEquals(List.of("m0"), receive(url, 10).stream().map(Message::body).toList());
  }

  @Test
  void handlesThatWereNeverIssuedAreInvalidAndDeletingTwiceSucceeds() {
    String url = newQueue(Map.of());
    ReceiptHandleIsInvalidException invalid = assertThrows(ReceiptHandleIsInvalidException.class,
        () -> sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle("made-up")));
    assertEquals("ReceiptHandleIsInvalid", invalid.awsErrorDetails().errorCode());
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("x"));
    Message received = receive(url, 1).get(0);
    sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(received.receiptHandle()));
    sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(received.receiptHandle()));
  }

  @Test
  void visibilityOfAMessageThatIsNotInFlightCannotChange() {
    String url = newQueue(Map.of());
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("x"));
    Message received = receive(url, 1).get(0);
    node.clock.advance(Duration.ofSeconds(31));
    MessageNotInflightException notInFlight = assertThrows(MessageNotInflightException.class,
        () -> sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(received.receiptHandle()).visibilityTimeout(10)));
    assertEquals("AWS.SimpleQueueService.MessageNotInflight", notInFlight.awsErrorDetails().errorCode());
  }
}
