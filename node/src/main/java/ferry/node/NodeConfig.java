package ferry.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Loads a node's configuration: the given overrides over {@code application.conf} over every
 * {@code reference.conf}, then the settings derived from {@code ferry.*} that HOCON cannot
 * express: the database profile chosen by the JDBC url, and the seed node list.
 */
public final class NodeConfig {
  public static final String SYSTEM_NAME = "ferry";

  private NodeConfig() {}

  public static Config load(Config overrides) {
    Config config = ConfigFactory.load(overrides.withFallback(ConfigFactory.defaultApplication()));
    return derived(config).withFallback(config).resolve();
  }

  private static Config derived(Config config) {
    Config ferry = config.getConfig("ferry");
    String url = ferry.getString("db.url");
    if (url.isEmpty()) {
      Path dataDir = Path.of(ferry.getString("data-dir")).toAbsolutePath().normalize();
      // WRITE_DELAY=0: H2 otherwise writes committed transactions to the file up to half a second
      // later, and a killed process would lose writes the journal had already confirmed.
      url = "jdbc:h2:file:" + dataDir.resolve("ferry") + ";DB_CLOSE_DELAY=-1;WRITE_DELAY=0";
    }
    boolean postgres = url.startsWith("jdbc:postgresql:");
    String database = "pekko-persistence-jdbc.shared-databases.ferry.";
    Config derived = ConfigFactory.empty()
        .withValue(database + "profile",
            ConfigValueFactory.fromAnyRef(postgres ? "slick.jdbc.PostgresProfile$" : "slick.jdbc.H2Profile$"))
        .withValue(database + "db.driver",
            ConfigValueFactory.fromAnyRef(postgres ? "org.postgresql.Driver" : "org.h2.Driver"))
        .withValue(database + "db.url", ConfigValueFactory.fromAnyRef(url));
    List<String> seeds = seedNodes(ferry.getString("cluster.seed-nodes"));
    if (!seeds.isEmpty()) {
      derived = derived.withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds));
    }
    return derived;
  }

  /** {@code host:port,host:port} to Pekko addresses. */
  static List<String> seedNodes(String hostPorts) {
    return Arrays.stream(hostPorts.split(","))
        .map(String::trim)
        .filter(hostPort -> !hostPort.isEmpty())
        .map(hostPort -> "pekko://" + SYSTEM_NAME + "@" + hostPort)
        .toList();
  }

  /** Whether the database is an embedded H2 file in this node's data folder. */
  static boolean usesEmbeddedH2(Config config) {
    return config.getString("ferry.db.url").isEmpty();
  }
}
