package ferry.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Loads a node's configuration: the given overrides, then the profile and discovery overlays
 * that {@code ferry.profile} and {@code ferry.cluster.discovery} select, then
 * {@code application.conf} and every {@code reference.conf}; last the settings derived from
 * {@code ferry.*} that HOCON cannot express: the database profile, driver and pool chosen by
 * the JDBC url, the journal's write transactions in flight, and the seed node list.
 */
public final class NodeConfig {
  public static final String SYSTEM_NAME = "ferry";
  /** Below this, most of a page is its header. */
  private static final long MIN_H2_PAGE_SIZE = 1024;
  /** Ferry's own bound: larger pages make every commit rewrite more bytes. */
  private static final long MAX_H2_PAGE_SIZE = 64 * 1024;
  /**
   * H2 silently caps the size at which it splits pages at a sixteenth of a page cache segment,
   * of which a cache has 16: 16 KiB with the default 4 MiB cache.
   */
  private static final long H2_CACHE_PER_PAGE = 16 * 16;

  private NodeConfig() {}

  public static Config load(Config overrides) {
    Config application = ConfigFactory.defaultApplication();
    Config plain = ConfigFactory.load(overrides.withFallback(application));
    Config layered = overrides
        .withFallback(profileOverlay(plain.getString("ferry.profile")))
        .withFallback(discoveryOverlay(plain.getString("ferry.cluster.discovery")));
    Config config = ConfigFactory.load(layered.withFallback(application));
    return derived(config).withFallback(config).resolve();
  }

  private static Config profileOverlay(String profile) {
    return switch (profile) {
      case "deployment" -> ConfigFactory.empty();
      case "loopback" -> ConfigFactory.parseResources("profile-loopback.conf");
      default -> throw new IllegalArgumentException(
          "FERRY_PROFILE is '" + profile + "'; it must be deployment or loopback");
    };
  }

  private static Config discoveryOverlay(String discovery) {
    return switch (discovery) {
      case "" -> ConfigFactory.empty();
      case "kubernetes" -> ConfigFactory.parseResources("discovery-kubernetes.conf");
      default -> throw new IllegalArgumentException(
          "FERRY_DISCOVERY is '" + discovery + "'; it must be empty or kubernetes");
    };
  }

  private static Config derived(Config config) {
    Config db = config.getConfig("ferry.db");
    String url = db.getString("url");
    if (url.isEmpty()) {
      Path dataDir = Path.of(config.getString("ferry.data-dir")).toAbsolutePath().normalize();
      // WRITE_DELAY=0: H2 otherwise writes committed transactions to the file up to half a second
      // later, and a killed process would lose writes the journal had already confirmed.
      // MAX_LENGTH_INPLACE_LOB: the journal's payload columns are BLOBs, which H2 keeps in a
      // separate LOB store from 256 bytes up, a costly path for every batch of events; up to
      // 1 MiB they stay in the row (large snapshots still go to the LOB store).
      // PAGE_SIZE: what it trades is told at ferry.db.h2.page-size.
      url = "jdbc:h2:file:" + dataDir.resolve("ferry")
          + ";DB_CLOSE_DELAY=-1;WRITE_DELAY=0;MAX_LENGTH_INPLACE_LOB=1048576"
          + ";PAGE_SIZE=" + h2PageSize(db) + ";CACHE_SIZE=" + db.getBytes("h2.cache-size") / 1024;
    }
    boolean postgres = isPostgres(url);
    int connections = db.getString("max-connections").isEmpty()
        ? db.getInt(postgres ? "postgres.max-connections" : "h2.max-connections")
        : db.getInt("max-connections");
    String database = "pekko-persistence-jdbc.shared-databases.ferry.";
    Config derived = ConfigFactory.empty()
        .withValue(database + "profile",
            ConfigValueFactory.fromAnyRef(postgres ? "slick.jdbc.PostgresProfile$" : "slick.jdbc.H2Profile$"))
        .withValue(database + "db.driver",
            ConfigValueFactory.fromAnyRef(postgres ? "org.postgresql.Driver" : "org.h2.Driver"))
        .withValue(database + "db.url", ConfigValueFactory.fromAnyRef(url))
        .withValue(database + "db.numThreads", ConfigValueFactory.fromAnyRef(connections))
        .withValue(database + "db.maxConnections", ConfigValueFactory.fromAnyRef(connections))
        .withValue("jdbc-journal.parallelism",
            ConfigValueFactory.fromAnyRef(db.getInt(postgres ? "postgres.journal-writers" : "h2.journal-writers")));
    List<String> seeds = seedNodes(config.getString("ferry.cluster.seed-nodes"));
    if (!seeds.isEmpty()) {
      derived = derived.withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds));
    }
    return derived;
  }

  /** H2 splits a page above this size; it must hold a few rows and fit H2's page cache. */
  private static long h2PageSize(Config db) {
    long bytes = db.getBytes("h2.page-size");
    long cache = db.getBytes("h2.cache-size");
    long max = cache == 0 ? MAX_H2_PAGE_SIZE : Math.min(MAX_H2_PAGE_SIZE, cache / H2_CACHE_PER_PAGE);
    if (bytes < MIN_H2_PAGE_SIZE || bytes > max) {
      throw new IllegalArgumentException("FERRY_H2_PAGE_SIZE is " + bytes + " bytes; it must be from "
          + MIN_H2_PAGE_SIZE / 1024 + "KiB to " + max / 1024 + "KiB (at most 64KiB, and a 256th of FERRY_H2_CACHE_SIZE)");
    }
    return bytes;
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

  static boolean usesPostgres(Config config) {
    return isPostgres(config.getString("ferry.db.url"));
  }

  private static boolean isPostgres(String url) {
    return url.startsWith("jdbc:postgresql:");
  }

  static boolean usesKubernetesDiscovery(Config config) {
    return config.getString("ferry.cluster.discovery").equals("kubernetes");
  }
}
