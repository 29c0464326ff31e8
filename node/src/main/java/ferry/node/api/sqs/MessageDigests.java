package ferry.node.api.sqs;

import ferry.protocol.queue.AttributeValue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The MD5 digests SQS clients check: of a body's UTF-8 bytes, and of message attributes in the
 * service's binary layout (sorted by name; each name, type and value length-prefixed, with a
 * transport byte 1 for string values and 2 for binary ones).
 */
final class MessageDigests {
  private static final byte STRING_TRANSPORT = 1;
  private static final byte BINARY_TRANSPORT = 2;
  /**
   * One digest per thread: looking MD5 up among the security providers for each body and
   * attribute set showed in the send path's allocation profile.
   */
  private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(MessageDigests::newMd5);

  private MessageDigests() {}

  static String ofBody(String body) {
    return HexFormat.of().formatHex(fresh().digest(body.getBytes(StandardCharsets.UTF_8)));
  }

  static String ofAttributes(Map<String, AttributeValue> attributes) {
    MessageDigest md5 = fresh();
    for (Map.Entry<String, AttributeValue> attribute : new TreeMap<>(attributes).entrySet()) {
      AttributeValue value = attribute.getValue();
      lengthPrefixed(md5, attribute.getKey().getBytes(StandardCharsets.UTF_8));
      lengthPrefixed(md5, value.dataType().getBytes(StandardCharsets.UTF_8));
      if (value.isBinary()) {
        md5.update(BINARY_TRANSPORT);
        lengthPrefixed(md5, value.binaryValue());
      } else {
        md5.update(STRING_TRANSPORT);
        lengthPrefixed(md5, value.stringValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  private static void lengthPrefixed(MessageDigest md5, byte[] bytes) {
    md5.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    md5.update(bytes);
  }

  /** The thread's digest, emptied: a digest cut short by an exception must not leak into the next. */
  private static MessageDigest fresh() {
    MessageDigest md5 = MD5.get();
    md5.reset();
    return md5;
  }

  private static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JVM provides MD5", impossible);
    }
  }
}
