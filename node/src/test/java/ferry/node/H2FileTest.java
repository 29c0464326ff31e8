package ferry.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import ferry.persistence.PluginDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * A node on its embedded H2 file keeps the file bounded while it runs: the chunks at least half
 * full (every commit writes a chunk, and most of each is dead after the next few commits), and a
 * queue's journal no longer than the events since its older snapshot.
 */
class H2FileTest {
  private static final int BATCHES = 400;
  private static final int MIN_FILL_RATE = 40;
  private static ActorSystem<Void> system;
  private static SqsClient sqs;

  @BeforeAll
  static void startNodeOnAnH2File() throws Exception {
    Path dataDir = Files.createTempDirectory("ferry-compaction");
    var overrides = ConfigFactory.parseMap(Map.of(
        "ferry.http.port", 0,
        "ferry.remote.port", 0,
        "ferry.management.port", 0,
        "ferry.data-dir", dataDir.toString()));
    system = ActorSystem.create(Behaviors.empty(), NodeConfig.SYSTEM_NAME, NodeConfig.load(overrides));
    Node node = Node.start(system, new ShiftableClock()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    sqs = TestNode.sqsJson(URI.create("http://127.0.0.1:" + node.httpAddress().getPort()), "test", "test");
  }

  @AfterAll
  static void stopNode() {
    system.terminate();
  }

  @Test
  void chunksStayAtLeastHalfFullUnderSmallCommits() throws Exception {
    String url = sqs.createQueue(r -> r.queueName("compacted")).queueUrl();
    List<SendMessageBatchRequestEntry> batch = IntStream.range(0, 10)
        .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("x".repeat(1000)).build())
        .toList();
    for (int sent = 0; sent < BATCHES; sent++) {
      sqs.sendMessageBatch(r -> r.queueUrl(url).entries(batch));
    }
    // H2 stops compacting once the file's fill rate reaches the target, 50 %, so it settles just
    // around it (49 % seen); without compaction it stays near 26 %. H2 drops and rewrites only
    // chunks older than its retention time, and only as it commits: the node's, three sync
    // intervals (3 s), lets the fill rate rise while the queue goes on taking messages; H2's
    // own 45 s would hold it at 26 % for the whole test
    int fillRate = pollUntil(() -> {
      sqs.sendMessage(r -> r.queueUrl(url).messageBody("m"));
      return chunksFillRate();
    }, rate -> rate >= MIN_FILL_RATE);
    assertTrue(fillRate >= MIN_FILL_RATE, "chunks are " + fillRate + " % live after " + BATCHES + " commits");
  }

  @Test
  void aBusyQueueKeepsOnlyTheEventsSinceItsOlderSnapshot() throws Exception {
    String name = "busy";
    String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
    // a send, a receive and a delete a round, each an event of a nearly empty queue, which
    // snapshots after 500 to 1,500 events: at least two snapshots, and the events before the
    // older of the last two deleted
    for (int round = 0; round < 1000; round++) {
      sqs.sendMessage(r -> r.queueUrl(url).messageBody("m"));
      for (Message message : sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(1)).messages()) {
        sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
      }
    }
    // deletions run after the snapshot is stored, without the queue waiting for them
    JournalRows rows = pollUntil(() -> journalRows(name), read -> read.kept() <= read.newest() - 500);
    assertTrue(rows.newest() >= 3000, "the queue wrote " + rows.newest() + " events");
    assertTrue(rows.kept() <= rows.newest() - 500, rows.kept() + " events kept of " + rows.newest() + " written");
  }

  /**
   * Reads every half second, for at most 10 s, until {@code done} holds; returns the last read.
   * Compaction and deletions run on their own schedule, so the test waits for their effect.
   */
  private static <T> T pollUntil(Callable<T> read, Predicate<T> done) throws Exception {
    T last = read.call();
    for (int round = 0; round < 20 && !done.test(last); round++) {
      Thread.sleep(500);
      last = read.call();
    }
    return last;
  }

  private record JournalRows(long kept, long newest) {}

  /** The journal rows of the queue named {@code name}, and its newest sequence number. */
  private static JournalRows journalRows(String name) throws Exception {
    try (Connection connection = PluginDatabase.of(system).database().source().createConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT COUNT(*), MAX(\"sequence_number\") FROM \"event_journal\" WHERE \"persistence_id\" LIKE ?")) {
      query.setString(1, "%:" + name);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return new JournalRows(row.getLong(1), row.getLong(2));
      }
    }
  }

  private static int chunksFillRate() throws Exception {
    try (Connection connection = PluginDatabase.of(system).database().source().createConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(
            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CHUNKS_FILL_RATE'")) {
      row.next();
      return Integer.parseInt(row.getString(1));
    }
  }
}
