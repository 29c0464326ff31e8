package ferry.node.api.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ferry.node.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeNameException;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDeletedRecentlyException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** Queue administration through the AWS SDK for Java v2, which speaks the JSON protocol. */
class QueueAdministrationTest {
  private final TestNode node = TestNode.shared();
  private final SqsClient sqs = node.sqsJson();

  @Test
  void createdQueueIsFoundByNameAndUrlEndsWithAccountAndName() {
    String name = TestNode.uniqueName("orders");
    String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
    assertEquals(node.endpoint + "/000000000000/" + name, url);
    assertEquals(url, sqs.getQueueUrl(r -> r.queueName(name)).queueUrl());
  }

  @Test
  void creatingAnExistingQueueWithTheSameAttributesReturnsItsUrlAndWithOthersFails() {
    String name = TestNode.uniqueName("same");
    String url = sqs.createQueue(r -> r.queueName(name).attributesWithStrings(Map.of("VisibilityTimeout", "45"))).queueUrl();
    assertEquals(url, sqs.createQueue(r -> r.queueName(name).attributesWithStrings(Map.of("VisibilityTimeout", "45"))).queueUrl());
    assertEquals(url, sqs.createQueue(r -> r.queueName(name)).queueUrl());
    QueueNameExistsException conflict = assertThrows(QueueNameExistsException.class,
        () -> sqs.createQueue(r -> r.queueName(name).attributesWithStrings(Map.of("VisibilityTimeout", "46"))));
    assertEquals("QueueAlreadyExists", conflict.awsErrorDetails().errorCode());
  }

  @Test
  void unknownQueueIsReportedWithTheLegacyErrorCode() {
    QueueDoesNotExistException missing = assertThrows(QueueDoesNotExistException.class,
        () -> sqs.getQueueUrl(r -> r.queueName("no-such-queue")));
    assertEquals("AWS.SimpleQueueService.NonExistentQueue", missing.awsErrorDetails().errorCode());
    assertEquals(400, missing.statusCode());
    assertThrows(QueueDoesNotExistException.class,
        () -> sqs.sendMessage(r -> r.queueUrl(node.endpoint + "/000000000000/no-such-queue").messageBody("x")));
  }

  @Test
  void invalidQueueNamesAndAttributesAreRefused() {
    SqsException badName = assertThrows(SqsException.class, () -> sqs.createQueue(r -> r.queueName("has space")));
    assertEquals("InvalidParameterValue", badName.awsErrorDetails().errorCode());
    assertThrows(SqsException.class, () -> sqs.createQueue(r -> r.queueName("x".repeat(81))));
    SqsException badValue = assertThrows(SqsException.class, () -> sqs.createQueue(r -> r
        .queueName(TestNode.uniqueName("bad")).attributesWithStrings(Map.of("VisibilityTimeout", "43201"))));
    assertEquals("InvalidAttributeValue", badValue.awsErrorDetails().errorCode());
    SqsException unknown = assertThrows(SqsException.class, () -> sqs.createQueue(r -> r
        .queueName(TestNode.uniqueName("bad")).attributesWithStrings(Map.of("Colour", "blue"))));
    assertEquals("InvalidAttributeName", unknown.awsErrorDetails().errorCode());
    String url = sqs.createQueue(r -> r.queueName(TestNode.uniqueName("ro"))).queueUrl();
    assertThrows(InvalidAttributeNameException.class, () -> sqs.setQueueAttributes(r -> r.queueUrl(url)
        .attributes(Map.of(QueueAttributeName.QUEUE_ARN, "arn:aws:sqs:x:y:z"))));
  }

  @Test
  void attributesAreSetAndReadBackWithCountersAndArn() {
    String name = TestNode.uniqueName("attrs");
    String url = sqs.createQueue(r -> r.queueName(name).attributes(Map.of(
        QueueAttributeName.DELAY_SECONDS, "5",
        QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "2048"))).queueUrl();
    sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(Map.of(
        QueueAttributeName.VISIBILITY_TIMEOUT, "120",
        QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "3",
        QueueAttributeName.MESSAGE_RETENTION_PERIOD, "600")));
    String deadLetters = TestNode.uniqueName("dlq");
    sqs.createQueue(r -> r.queueName(deadLetters));
    String redrive = "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:" + deadLetters + "\",\"maxReceiveCount\":4}";
    sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(Map.of(QueueAttributeName.REDRIVE_POLICY,
        redrive.replace("4}", "\"4\"}"))));
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("delayed"));
    Map<String, String> all = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("All"))
        .attributesAsStrings();
    assertEquals("5", all.get("DelaySeconds"));
    assertEquals("2048", all.get("MaximumMessageSize"));
    assertEquals("120", all.get("VisibilityTimeout"));
    assertEquals("3", all.get("ReceiveMessageWaitTimeSeconds"));
    assertEquals("600", all.get("MessageRetentionPeriod"));
    assertEquals("1", all.get("ApproximateNumberOfMessagesDelayed"));
    assertEquals("0", all.get("ApproximateNumberOfMessages"));
    assertEquals("arn:aws:sqs:us-east-1:000000000000:" + name, all.get("QueueArn"));
    assertEquals(redrive, all.get("RedrivePolicy"), "maxReceiveCount comes back as a number");
    assertTrue(Long.parseLong(all.get("CreatedTimestamp")) > 1_600_000_000L);

    Map<String, String> some = sqs.getQueueAttributes(r -> r.queueUrl(url)
        .attributeNamesWithStrings("VisibilityTimeout", "DelaySeconds")).attributesAsStrings();
    assertEquals(Map.of("VisibilityTimeout", "120", "DelaySeconds", "5"), some);
    assertTrue(sqs.getQueueAttributes(r -> r.queueUrl(url)).attributes().isEmpty());
    assertThrows(InvalidAttributeNameException.class,
        () -> sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("Nonsense")));
  }

  @Test
  void listQueuesFiltersByPrefixAndPagesWithTokens() {
    String prefix = TestNode.uniqueName("list");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String name = prefix + "-" + i;
      created.add(sqs.createQueue(r -> r.queueName(name)).queueUrl());
    }
    assertEquals(created, sqs.listQueues(r -> r.queueNamePrefix(prefix)).queueUrls());

    List<String> paged = new ArrayList<>();
    ListQueuesResponse page = sqs.listQueues(r -> r.queueNamePrefix(prefix).maxResults(2));
    paged.addAll(page.queueUrls());
    while (page.nextToken() != null) {
      String token = page.nextToken();
      page = sqs.listQueues(r -> r.queueNamePrefix(prefix).maxResults(2).nextToken(token));
      paged.addAll(page.queueUrls());
    }
    assertEquals(created, paged);
    ListQueuesResponse exact = sqs.listQueues(r -> r.queueNamePrefix(prefix).maxResults(5));
    assertNull(exact.nextToken());
    assertTrue(sqs.listQueues(r -> r.queueNamePrefix(prefix + "-none")).queueUrls().isEmpty());
  }

  @Test
  void deletedQueueIsGoneAndItsNameBlockedForAMinute() {
    String name = TestNode.uniqueName("deleted");
    String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("x"));
    sqs.deleteQueue(r -> r.queueUrl(url));
    assertThrows(QueueDoesNotExistException.class, () -> sqs.getQueueUrl(r -> r.queueName(name)));
    assertFalse(sqs.listQueues(r -> r.queueNamePrefix(name)).queueUrls().contains(url));
    assertThrows(QueueDeletedRecentlyException.class, () -> sqs.createQueue(r -> r.queueName(name)));
    node.clock.advance(Duration.ofSeconds(61));
    assertEquals(url, sqs.createQueue(r -> r.queueName(name)).queueUrl());
    assertEquals("0", sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("ApproximateNumberOfMessages"))
        .attributesAsStrings().get("ApproximateNumberOfMessages"));
  }

  @Test
  void purgeEmptiesTheQueueAndIsRefusedAgainWithinAMinute() {
    String url = sqs.createQueue(r -> r.queueName(TestNode.uniqueName("purge"))).queueUrl();
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("a"));
    sqs.sendMessage(r -> r.queueUrl(url).messageBody("b"));
    sqs.purgeQueue(r -> r.queueUrl(url));
    assertTrue(sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)).messages().isEmpty());
    PurgeQueueInProgressException again = assertThrows(PurgeQueueInProgressException.class,
        () -> sqs.purgeQueue(r -> r.queueUrl(url)));
    assertEquals("AWS.SimpleQueueService.PurgeQueueInProgress", again.awsErrorDetails().errorCode());
    node.clock.advance(Duration.ofSeconds(61));
    sqs.purgeQueue(r -> r.queueUrl(url));
  }

  @Test
  void tagsAreAddedListedAndRemoved() {
    String url = sqs.createQueue(r -> r.queueName(TestNode.uniqueName("tags")).tags(Map.of("team", "core"))).queueUrl();
    sqs.tagQueue(r -> r.queueUrl(url).tags(Map.of("env", "test", "team", "platform")));
    assertEquals(Map.of("env", "test", "team", "platform"), sqs.listQueueTags(r -> r.queueUrl(url)).tags());
    sqs.untagQueue(r -> r.queueUrl(url).tagKeys("team"));
    assertEquals(Map.of("env", "test"), sqs.listQueueTags(r -> r.queueUrl(url)).tags());
    sqs.untagQueue(r -> r.queueUrl(url).tagKeys("env"));
    assertTrue(sqs.listQueueTags(r -> r.queueUrl(url)).tags().isEmpty());
  }

  @Test
  void permissionsAreKeptInThePolicyAttributeByLabel() throws Exception {
    String url = sqs.createQueue(r -> r.queueName(TestNode.uniqueName("shared"))).queueUrl();
    sqs.addPermission(r -> r.queueUrl(url).label("partners").awsAccountIds("111122223333").actions("SendMessage", "ReceiveMessage"));
    SqsException again = assertThrows(SqsException.class, () -> sqs.addPermission(r -> r.queueUrl(url).label("partners")
        .awsAccountIds("111122223333").actions("SendMessage")));
    assertEquals("InvalidParameterValue", again.awsErrorDetails().errorCode());
    String policy = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.POLICY))
        .attributes().get(QueueAttributeName.POLICY);
    var statement = new com.fasterxml.jackson.databind.ObjectMapper().readTree(policy).path("Statement").get(0);
    assertEquals("partners", statement.path("Sid").asText());
    assertEquals("arn:aws:iam::111122223333:root", statement.path("Principal").path("AWS").get(0).asText());
    assertEquals("SQS:ReceiveMessage", statement.path("Action").get(1).asText());
    sqs.removePermission(r -> r.queueUrl(url).label("partners"));
    assertTrue(sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.POLICY)).attributes().isEmpty());
    assertThrows(SqsException.class, () -> sqs.removePermission(r -> r.queueUrl(url).label("partners")));
  }
}
