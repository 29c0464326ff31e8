package ferry.deploy.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several node processes on one machine that form one cluster on a PostgreSQL database of
 * their own, with the loopback profile. Every process it started is killed on {@link #close}.
 */
public final class LocalCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final List<NodeProcess> nodes = new ArrayList<>();

  private LocalCluster() {}

  public static LocalCluster start(String name, int size) throws Exception {
    return start(name, size, false);
  }

  /** With {@code pinned}, node i runs on core (i-1) mod cores. */
  public static LocalCluster start(String name, int size, boolean pinned) throws Exception {
    String database = LocalPostgres.shared().createDatabase();
    LocalCluster cluster = new LocalCluster();
    Files.createDirectories(Repository.workDir());
    Path data = Files.createTempDirectory(Repository.workDir(), name);
    int cores = Runtime.getRuntime().availableProcessors();
    for (int i = 1; i <= size; i++) {
      NodeProcess node = new NodeProcess(name + "-" + i, data.resolve("node-" + i));
      cluster.nodes.add(pinned ? node.pinnedTo((i - 1) % cores) : node);
    }
    // every node is a seed, so that a restarted first node joins the others instead of founding
    // a cluster of its own
    String seeds = String.join(",", cluster.nodes.stream().map(node -> "127.0.0.1:" + node.remotePort).toList());
    for (NodeProcess node : cluster.nodes) {
      node.withEnvironment("FERRY_DB_URL", database)
          .withEnvironment("FERRY_DB_USER", "ferry")
          .withEnvironment("FERRY_DB_PASSWORD", "ferry")
          .withEnvironment("FERRY_SEED_NODES", seeds)
          .withEnvironment("FERRY_PROFILE", "loopback");
    }
    try {
      for (NodeProcess node : cluster.nodes) {
        node.launch();
      }
      for (NodeProcess node : cluster.nodes) {
        node.awaitReady(Duration.ofSeconds(150));
      }
    } catch (Exception | Error failure) {
      cluster.close();
      throw failure;
    }
    return cluster;
  }

  public NodeProcess node(int index) {
    return nodes.get(index);
  }

  public List<NodeProcess> nodes() {
    return nodes;
  }

  /** The node whose shard region hosts the queue's entity, asked of a live node. */
  public NodeProcess hostOf(String account, String queueName) throws IOException, InterruptedException {
    String entityId = "sqs:" + account + ":" + queueName;
    for (NodeProcess asked : nodes) {
      if (!asked.isAlive()) {
        continue;
      }
      JsonNode status = JSON.readTree(HTTP.send(HttpRequest.newBuilder(
              URI.create(asked.management() + "/ferry/cluster?locate=" + entityId)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      Iterator<Map.Entry<String, JsonNode>> regions = status.path("sharding").path("Queue").fields();
      while (regions.hasNext()) {
        Map.Entry<String, JsonNode> region = regions.next();
        if (region.getValue().has("located")) {
          Optional<NodeProcess> host = nodes.stream()
              .filter(node -> region.getKey().endsWith(":" + node.remotePort)).findFirst();
          if (host.isPresent()) {
            return host.get();
          }
        }
      }
    }
    throw new IllegalStateException("no node reports hosting queue " + queueName);
  }

  /** How many members a live node sees Up. */
  public long membersUp(NodeProcess asked) throws IOException, InterruptedException {
    JsonNode status = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(asked.management() + "/ferry/cluster"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body());
    long up = 0;
    for (JsonNode member : status.path("members")) {
      if (member.path("status").asText().equals("Up")) {
        up++;
      }
    }
    return up;
  }

  @Override
  public void close() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.close();
    }
  }
}
