package ferry.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ferry.deploy.load.Sqs;
import ferry.deploy.local.LocalPostgres;
import ferry.deploy.local.NodeProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * "Done" means persisted: every message a node acknowledged is there after the node process is
 * stopped (SIGTERM) or killed (SIGKILL right after the last acknowledgement) and started again on
 * the same data folder (embedded H2) or database (PostgreSQL); messages whose delete was
 * acknowledged stay deleted.
 */
class NodeRestartTest {
  private static final int PRODUCERS = 8;
  /**
   * 1,040 sends of 3,380 messages (concurrent ones share an event), then 1,600 of them received
   * and deleted one by one: past 1,500 events (the most a queue lets pass before a snapshot)
   * whose replay costs twice that of sending the remaining queue (a sent message weighs five
   * receives or deletions; 1,409 deletions would do), so the queue stores a snapshot on the way
   * (QueueEntity.shouldSnapshot) and the restart reads it back before the events after it.
   */
  private static final int SENDS_PER_PRODUCER = 130;
  private static final int DELETED = 1_600;

  private final List<NodeProcess> started = new ArrayList<>();

  @AfterEach
  void killEveryNodeStarted() throws InterruptedException {
    for (NodeProcess node : started) {
      node.close();
    }
  }

  /** Also the launcher's class-data archive: written by the graceful exit, loaded by the restart. */
  @Test
  void acknowledgedMessagesSurviveAGracefulStopAndTheNodeExitsZero() throws Exception {
    Path data = Files.createTempDirectory(Path.of("target"), "restart-term");
    Path classData = data.resolve("class-data");
    NodeProcess first = start("term-1", data, classData);
    Workload workload = Workload.run(first.endpoint());
    assertEquals(0, first.stop(), "exit code after SIGTERM");
    try (Stream<Path> archives = Files.list(classData)) {
      assertEquals(1, archives.filter(file -> file.toString().endsWith(".jsa")).count(), "class-data archive");
    }
    workload.assertExactlyTheAcknowledgedRemain(start("term-2", data, classData).endpoint());
  }

  @Test
  void acknowledgedMessagesSurviveAKillRightAfterTheLastAcknowledgement() throws Exception {
    Path data = Files.createTempDirectory(Path.of("target"), "restart-kill");
    NodeProcess first = start("kill-1", data, null);
    Workload workload = Workload.run(first.endpoint());
    first.kill();
    workload.assertASnapshotWasStored("jdbc:h2:file:" + data.toAbsolutePath().resolve("ferry"), "sa", "");
    workload.assertExactlyTheAcknowledgedRemain(start("kill-2", data, null).endpoint());
  }

  /** On PostgreSQL the snapshot goes through Ferry's snapshot writer's ON CONFLICT statement. */
  @Test
  void acknowledgedMessagesSurviveAKillOnPostgres() throws Exception {
    String database = LocalPostgres.shared().createDatabase();
    Path data = Files.createTempDirectory(Path.of("target"), "restart-kill-pg");
    NodeProcess first = start(onPostgres(new NodeProcess("kill-pg-1", data), database));
    Workload workload = Workload.run(first.endpoint());
    first.kill();
    workload.assertASnapshotWasStored(database, "ferry", "ferry");
    workload.assertExactlyTheAcknowledgedRemain(
        start(onPostgres(new NodeProcess("kill-pg-2", data), database)).endpoint());
  }

  private static NodeProcess onPostgres(NodeProcess node, String database) {
    return node.withEnvironment("FERRY_DB_URL", database)
        .withEnvironment("FERRY_DB_USER", "ferry")
        .withEnvironment("FERRY_DB_PASSWORD", "ferry");
  }

  /** {@code classData}: the launcher's FERRY_CDS_DIR, or null for none. */
  private NodeProcess start(String name, Path data, Path classData) throws Exception {
    NodeProcess node = new NodeProcess(name, data);
    if (classData != null) {
      node.withEnvironment("FERRY_CDS_DIR", classData.toAbsolutePath().toString());
    }
    return start(node);
  }

  private NodeProcess start(NodeProcess node) throws Exception {
    started.add(node);
    return node.start();
  }

  /**
   * Concurrent producers send single messages and batches; then a consumer receives and deletes
   * a part of them. Remembers what was acknowledged.
   */
  /**
   * Also a FIFO queue with content-based deduplication and one message: after the restart it is
   * still FIFO and a repeat of that message is answered with the original's id.
   */
  private record Workload(String queueName, Set<String> acknowledged, Set<String> deleted, String fifoMessageId) {

    static Workload run(URI endpoint) throws Exception {
      String queueName = "restart-" + System.nanoTime();
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      Set<String> deleted = new HashSet<>();
      SqsClient sqs = Sqs.client(endpoint);
      String url = sqs.createQueue(r -> r.queueName(queueName)).queueUrl();
      ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
      List<Future<?>> done = new ArrayList<>();
      for (int p = 0; p < PRODUCERS; p++) {
        int producer = p;
        done.add(producers.submit(() -> {
          for (int i = 0; i < SENDS_PER_PRODUCER; i++) {
            if (i % 4 == 0) {
              List<SendMessageBatchRequestEntry> entries = IntStream.range(0, 10)
                  .mapToObj(e -> SendMessageBatchRequestEntry.builder().id("e" + e).messageBody("batch " + producer + "-" + e).build())
                  .toList();
              sqs.sendMessageBatch(r -> r.queueUrl(url).entries(entries)).successful()
                  .forEach(entry -> acknowledged.add(entry.messageId()));
            } else {
              acknowledged.add(sqs.sendMessage(r -> r.queueUrl(url).messageBody("single " + producer)).messageId());
            }
          }
        }));
      }
      for (Future<?> future : done) {
        future.get();
      }
      producers.shutdown();
      while (deleted.size() < DELETED) {
        for (Message message : sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)).messages()) {
          sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
          deleted.add(message.messageId());
        }
      }
      String fifoUrl = sqs.createQueue(r -> r.queueName(queueName + ".fifo").attributes(Map.of(
          QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"))).queueUrl();
      String fifoMessageId = sqs.sendMessage(r -> r.queueUrl(fifoUrl).messageGroupId("g").messageBody("once")).messageId();
      return new Workload(queueName, acknowledged, deleted, fifoMessageId);
    }

    /** A snapshot that fails is only logged by the node, so the test reads the table. */
    void assertASnapshotWasStored(String jdbcUrl, String user, String password) throws SQLException {
      try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
          PreparedStatement query = connection.prepareStatement(
              "SELECT COUNT(*) FROM \"snapshot\" WHERE \"persistence_id\" LIKE ?")) {
        query.setString(1, "%" + queueName);
        try (ResultSet count = query.executeQuery()) {
          count.next();
          assertTrue(count.getLong(1) > 0, "snapshots of " + queueName + " in " + jdbcUrl);
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
          // H2 kept a file it recovered from a killed process locked after the last connection
          // closed (seen with 2.3.232); the restarted node must be able to open it
          connection.createStatement().execute("SHUTDOWN");
        }
      }
    }

    void assertExactlyTheAcknowledgedRemain(URI endpoint) {
      SqsClient sqs = Sqs.client(endpoint);
      String fifoUrl = sqs.getQueueUrl(r -> r.queueName(queueName + ".fifo")).queueUrl();
      Map<QueueAttributeName, String> fifo = sqs.getQueueAttributes(r -> r.queueUrl(fifoUrl)
          .attributeNames(QueueAttributeName.ALL)).attributes();
      assertEquals("true", fifo.get(QueueAttributeName.FIFO_QUEUE), "FifoQueue after the restart");
      assertEquals("true", fifo.get(QueueAttributeName.CONTENT_BASED_DEDUPLICATION), "ContentBasedDeduplication");
      assertEquals(fifoMessageId,
          sqs.sendMessage(r -> r.queueUrl(fifoUrl).messageGroupId("g").messageBody("once")).messageId(),
          "a repeated message within five minutes is deduplicated after the restart");
      assertTheStandardQueueHoldsExactlyTheAcknowledged(sqs);
    }

    private void assertTheStandardQueueHoldsExactlyTheAcknowledged(SqsClient sqs) {
      Set<String> expected = new HashSet<>(acknowledged);
      expected.removeAll(deleted);
      Set<String> received = new HashSet<>();
      String url = sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
      assertTrue(sqs.listQueues().queueUrls().contains(url), "the queue is listed after the restart");
      List<Message> batch;
      do {
        batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(600)).messages();
        batch.forEach(message -> received.add(message.messageId()));
      } while (!batch.isEmpty());
      assertEquals(expected.size(), received.size(), "messages after the restart");
      assertEquals(expected, received);
    }
  }
}
