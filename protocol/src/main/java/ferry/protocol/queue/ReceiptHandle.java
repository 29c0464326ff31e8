package ferry.protocol.queue;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;

/**
 * What a client must show to delete a received message or change its visibility: the queue's
 * incarnation (its creation time, so handles do not survive a delete and re-create), the
 * message's sequence number in the queue and which receive of it minted the handle. A check
 * value rejects strings that were never handed out.
 */
public record ReceiptHandle(long incarnation, long seq, int receiveCount) {

  private static final int LENGTH = 8 + 8 + 4 + 4;
  private static final int CHECK_SALT = 0x5f3759df;

  public String encode() {
    ByteBuffer bytes = ByteBuffer.allocate(LENGTH);
    bytes.putLong(incarnation).putLong(seq).putInt(receiveCount).putInt(check());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  /** The handle a string encodes, or empty when the string is not one of ours. */
  public static Optional<ReceiptHandle> parse(String text) {
    if (text == null || text.length() != 32) {
      return Optional.empty();
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    if (raw.length != LENGTH) {
      return Optional.empty();
    }
    ByteBuffer bytes = ByteBuffer.wrap(raw);
    ReceiptHandle handle = new ReceiptHandle(bytes.getLong(), bytes.getLong(), bytes.getInt());
    return bytes.getInt() == handle.check() ? Optional.of(handle) : Optional.empty();
  }

  private int check() {
    long mixed = incarnation * 31 + seq * 1_000_003 + receiveCount;
    return (int) (mixed ^ (mixed >>> 32)) ^ CHECK_SALT;
  }
}
