package ferry.node.api.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ferry.protocol.queue.AttributeValue;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The digests match the published test vectors that SDKs check against. */
class MessageDigestsTest {
  private static final AttributeValue STRING = AttributeValue.ofString("String", "attribValue 1");
  private static final AttributeValue NUMBER =
      AttributeValue.ofString("Number.float", "4563442423554324324264524243.32543234");
  private static final AttributeValue BINARY =
      AttributeValue.ofBinary("Binary", "Hello binary world!".getBytes(StandardCharsets.UTF_8));

  @Test
  void bodyDigestIsTheMd5OfItsUtf8Bytes() {
    assertEquals("ad9f72211c92ab79b91bbbd183b291a7", MessageDigests.ofBody("hello ferry"));
  }

  @Test
  void attributeDigestsMatchTheReferenceVectors() {
    assertEquals("19e27d4e946b072f3f58da80d94fd778", MessageDigests.ofAttributes(Map.of("attribName1", STRING)));
    assertEquals("9fe1b90bbd9965bdf77bac517c7d2495",
        MessageDigests.ofAttributes(Map.of("customNumberTypeAttrib", NUMBER)));
    assertEquals("31a92b15d92f8db860eda32aceb656c3", MessageDigests.ofAttributes(Map.of("binaryAttribute", BINARY)));
    assertEquals("c932db14a896c663f83c260297d594ff", MessageDigests.ofAttributes(Map.of(
        "attribName1", STRING, "customNumberTypeAttrib", NUMBER, "binaryAttribute", BINARY)));
    assertEquals("da1b33cc3cbfe8b1630921e78e6b9880",
        MessageDigests.ofAttributes(Map.of("color", AttributeValue.ofString("String", "blue"))));
  }

  @Test
  void aDigestCutShortLeavesNothingForTheNextOnTheSameThread() {
    Map<String, AttributeValue> broken = Map.of("attribName1", AttributeValue.ofString("String", null));
    assertThrows(NullPointerException.class, () -> MessageDigests.ofAttributes(broken));
    assertEquals("ad9f72211c92ab79b91bbbd183b291a7", MessageDigests.ofBody("hello ferry"));
    assertThrows(NullPointerException.class, () -> MessageDigests.ofAttributes(broken));
    assertEquals("19e27d4e946b072f3f58da80d94fd778", MessageDigests.ofAttributes(Map.of("attribName1", STRING)));
  }
}
