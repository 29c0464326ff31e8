package ferry.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import ferry.persistence.PluginDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * A node on its embedded H2 file keeps the file's chunks at least half full while it runs: every
 * commit writes a chunk, and most of each is dead after the next few commits.
 */
class H2CompactionTest {
  private static final int BATCHES = 400;
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
    // H2 rewrites only chunks older than its retention time (45 s by default)
    execute("SET RETENTION_TIME 0");
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
    int fillRate = 0;
    for (int round = 0; round < 20 && fillRate < 50; round++) {
      Thread.sleep(500);
      fillRate = chunksFillRate();
    }
    assertTrue(fillRate >= 50, "chunks are " + fillRate + " % live after " + BATCHES + " commits");
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

  private static void execute(String sql) throws Exception {
    try (Connection connection = PluginDatabase.of(system).database().source().createConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
