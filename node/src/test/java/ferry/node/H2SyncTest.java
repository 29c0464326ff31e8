package ferry.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class H2SyncTest {
  @Test
  void deadChunksAreKeptThreeSyncIntervals() {
    assertEquals(Duration.ofSeconds(3), H2Sync.retention(Duration.ofSeconds(1)));
    assertEquals(Duration.ofSeconds(15), H2Sync.retention(Duration.ofSeconds(5)));
  }

  @Test
  void aShortIntervalStillKeepsThemThreeSeconds() {
    assertEquals(Duration.ofSeconds(3), H2Sync.retention(Duration.ofMillis(250)));
    assertEquals(Duration.ofSeconds(3), H2Sync.retention(Duration.ofMillis(1)));
  }
}
