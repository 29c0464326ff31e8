package ferry.protocol.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReceiptHandleTest {

  @Test
  void encodedHandleParsesBackToItself() {
    ReceiptHandle handle = new ReceiptHandle(1_700_000_000_000L, 42, 3);
    assertEquals(Optional.of(handle), ReceiptHandle.parse(handle.encode()));
  }

  @Test
  void stringsThatWereNeverHandedOutDoNotParse() {
    String real = new ReceiptHandle(1_700_000_000_000L, 42, 3).encode();
    String altered = real.substring(0, 10) + (real.charAt(10) == 'A' ? 'B' : 'A') + real.substring(11);
    assertTrue(ReceiptHandle.parse(altered).isEmpty());
    assertTrue(ReceiptHandle.parse("not a handle").isEmpty());
    assertTrue(ReceiptHandle.parse("").isEmpty());
    assertTrue(ReceiptHandle.parse(null).isEmpty());
    assertTrue(ReceiptHandle.parse("!".repeat(32)).isEmpty());
  }
}
