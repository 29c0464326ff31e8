package ferry.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void h2CacheIsASixteenthOfTheHeapBetweenH2sDefaultAnd256MiB() {
    assertEquals(16 * 1024, NodeConfig.h2CacheKilobytes(128 * MIB));
    assertEquals(64 * 1024, NodeConfig.h2CacheKilobytes(1024 * MIB));
    assertEquals(256 * 1024, NodeConfig.h2CacheKilobytes(6144 * MIB));
  }

  @Test
  void embeddedH2WritesTheJournalOneTransactionAtATimeAndPostgresEightAtOnce() {
    assertEquals(1, NodeConfig.load(ConfigFactory.empty()).getInt("jdbc-journal.parallelism"));
    assertEquals(8, NodeConfig.load(ConfigFactory.parseMap(Map.of("ferry.db.url", "jdbc:postgresql://127.0.0.1/ferry")))
        .getInt("jdbc-journal.parallelism"));
  }

  @Test
  void seedNodesBecomePekkoAddresses() {
    assertEquals(List.of("pekko://ferry@10.0.0.1:2552", "pekko://ferry@10.0.0.2:2552"),
        NodeConfig.seedNodes(" 10.0.0.1:2552, 10.0.0.2:2552 ,"));
  }
}
