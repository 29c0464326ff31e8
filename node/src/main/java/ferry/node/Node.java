package ferry.node;

import com.typesafe.config.Config;
import ferry.node.api.sqs.SqsRoute;
import ferry.node.auth.Credentials;
import ferry.node.api.sqs.SqsSettings;
import ferry.persistence.queue.Queues;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import static org.apache.pekko.http.javadsl.server.Directives.concat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Ferry node inside an actor system: journal schema (and embedded H2's upkeep),
 * cluster membership, this node's share of the entities, management endpoints and the API port. The process entry point is
 * {@link FerryNode}; tests start nodes in their own JVM through {@link #start}.
 */
public final class Node {
  private static final Logger log = LoggerFactory.getLogger(Node.class);
  private static final Duration UNBIND_DEADLINE = Duration.ofSeconds(10);
  private static final String H2_SCHEMA = "/schema/h2-journal.sql";
  private static final String POSTGRES_STORAGE = "/schema/postgres-storage.sql";
  /** The journal's settings as the plugin's schema tool must see them (see persistence.conf). */
  private static final String PLUGIN_SCHEMA = "jdbc-journal-schema";

  private final ServerBinding binding;

  private Node(ServerBinding binding) {
    this.binding = binding;
  }

  public InetSocketAddress httpAddress() {
    return binding.localAddress();
  }

  /** Starts the node; {@code clock} decides visibility, delays and retention of its queues. */
  public static CompletionStage<Node> start(ActorSystem<?> system, Clock clock) {
    Config config = system.settings().config();
    Config ferry = config.getConfig("ferry");
    if (NodeConfig.usesEmbeddedH2(config)) {
      createDataDir(Path.of(ferry.getString("data-dir")));
    }
    return createSchema(system, config)
        .thenCompose(schemaReady -> NodeConfig.usesEmbeddedH2(config)
            ? EmbeddedH2.store(system).thenAccept(store -> {
              H2Compaction.start(system, store, ferry.getBytes("db.h2.compaction-per-second"));
              H2Sync.start(system, store, ferry.getDuration("db.h2.sync-interval"));
            })
            : CompletableFuture.<Void>completedFuture(null))
        .thenCompose(upkeepStarted -> PekkoManagement.get(system).start())
        .thenCompose(management -> {
          joinCluster(system, config);
          Queues queues = Queues.start(system, clock, ferry.getDuration("ask-timeout"));
          SqsRoute sqs = new SqsRoute(queues, SqsSettings.from(ferry), Credentials.from(ferry), clock, system);
          return Http.get(system)
              .newServerAt(ferry.getString("http.host"), ferry.getInt("http.port"))
              .bind(concat(sqs.route(), sqs.unmatched()));
        })
        .thenApply(binding -> {
          binding.addToCoordinatedShutdown(UNBIND_DEADLINE, system);
          ServingState.get(system).markServing();
          InetSocketAddress http = binding.localAddress();
          log.info("Ferry node serves SQS on http://{}:{} (cluster member {}, management on port {}, data in {})",
              http.getHostString(), http.getPort(), Cluster.get(system).selfMember().address(),
              ferry.getInt("management.port"), databaseDescription(config));
          return new Node(binding);
        });
  }

  /**
   * Both scripts only create what is missing, so every node may run them at start. PostgreSQL
   * gets the plugin's own tables with Ferry's storage settings; H2 gets Ferry's tables, which
   * keep each event in fewer index trees.
   */
  private static CompletionStage<Done> createSchema(ActorSystem<?> system, Config config) {
    if (NodeConfig.usesPostgres(config)) {
      return SchemaUtils.createIfNotExists(PLUGIN_SCHEMA, system)
          .thenCompose(created -> SchemaScript.apply(system, resource(POSTGRES_STORAGE))
              .exceptionally(failure -> {
                // tables created by another role cannot be altered by ours; they work as they are
                log.warn("Ferry's storage settings for the PostgreSQL tables were not applied: {}",
                    failure.getMessage());
                return Done.done();
              }));
    }
    return SchemaScript.apply(system, resource(H2_SCHEMA));
  }

  private static String resource(String name) {
    try (InputStream in = Node.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " from the node's jar", e);
    }
  }

  /**
   * With seed nodes Pekko joins them by itself; in Kubernetes, Cluster Bootstrap finds the
   * other pods (it probes their management endpoints, so management runs first); otherwise the
   * node founds a cluster of its own.
   */
  private static void joinCluster(ActorSystem<?> system, Config config) {
    if (NodeConfig.usesKubernetesDiscovery(config)) {
      ClusterBootstrap.get(system).start();
    } else if (config.getList("pekko.cluster.seed-nodes").isEmpty()) {
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
  }

  private static void createDataDir(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data folder " + dataDir.toAbsolutePath(), e);
    }
  }

  private static String databaseDescription(Config config) {
    return NodeConfig.usesEmbeddedH2(config)
        ? Path.of(config.getString("ferry.data-dir")).toAbsolutePath().normalize().toString()
        : config.getString("ferry.db.url");
  }
}
