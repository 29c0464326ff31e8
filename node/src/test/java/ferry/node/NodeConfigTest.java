package ferry.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
  private static final String H2_URL = "pekko-persistence-jdbc.shared-databases.ferry.db.url";

  @Test
  void embeddedH2sPageCacheIs4MiBUnlessSet() {
    assertTrue(NodeConfig.load(ConfigFactory.empty()).getString(H2_URL).endsWith(";CACHE_SIZE=4096"));
    assertTrue(NodeConfig.load(ConfigFactory.parseMap(Map.of("ferry.db.h2.cache-size", "256MiB")))
        .getString(H2_URL).endsWith(";CACHE_SIZE=262144"));
  }

  @Test
  void embeddedH2sPageSizeIsH2sDefaultUnlessSetWithinH2sBounds() {
    assertTrue(NodeConfig.load(ConfigFactory.empty()).getString(H2_URL).contains(";PAGE_SIZE=16384;"));
    assertTrue(NodeConfig.load(ConfigFactory.parseMap(Map.of("ferry.db.h2.page-size", "4KiB")))
        .getString(H2_URL).contains(";PAGE_SIZE=4096;"));
    IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
        () -> NodeConfig.load(ConfigFactory.parseMap(Map.of("ferry.db.h2.page-size", "1MiB",
            "ferry.db.h2.cache-size", "256MiB"))));
    assertEquals("FERRY_H2_PAGE_SIZE is 1048576 bytes; it must be from 1KiB to 64KiB"
        + " (at most 64KiB, and a 256th of FERRY_H2_CACHE_SIZE)", tooLarge.getMessage());
  }

  /** H2 would otherwise split pages at a smaller size than asked for, without a word. */
  @Test
  void embeddedH2sPageSizeMustFitItsPageCache() {
    IllegalArgumentException aboveTheCache = assertThrows(IllegalArgumentException.class,
        () -> NodeConfig.load(ConfigFactory.parseMap(Map.of("ferry.db.h2.page-size", "32KiB"))));
    assertEquals("FERRY_H2_PAGE_SIZE is 32768 bytes; it must be from 1KiB to 16KiB"
        + " (at most 64KiB, and a 256th of FERRY_H2_CACHE_SIZE)", aboveTheCache.getMessage());
    assertTrue(NodeConfig.load(ConfigFactory.parseMap(Map.of("ferry.db.h2.page-size", "32KiB",
        "ferry.db.h2.cache-size", "8MiB"))).getString(H2_URL).contains(";PAGE_SIZE=32768;"));
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
