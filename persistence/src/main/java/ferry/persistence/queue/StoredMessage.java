package ferry.persistence.queue;

import ferry.protocol.queue.AttributeValue;
import java.util.Map;
import java.util.UUID;

/**
 * A message a queue holds. Mutable: a receive or visibility change updates it in place, which
 * keeps a deep queue at a few hundred bytes per message. Only {@link MessageStore} changes it.
 */
final class StoredMessage {
  final long seq;
  private final long idHigh;
  private final long idLow;
  final String body;
  final Map<String, AttributeValue> attributes;
  final Map<String, AttributeValue> systemAttributes;
  final String senderId;
  final String groupId;
  final long sentAt;
  long visibleAt;
  long firstReceivedAt;
  long lastReceivedAt;
  int receiveCount;
  /** Whether the message sits in the store's hidden set (delayed or in flight) or its visible set. */
  boolean hidden;

  StoredMessage(long seq, String messageId, String body, Map<String, AttributeValue> attributes,
      Map<String, AttributeValue> systemAttributes, String senderId, String groupId, long sentAt,
      long visibleAt) {
    UUID id = UUID.fromString(messageId);
    this.seq = seq;
    this.idHigh = id.getMostSignificantBits();
    this.idLow = id.getLeastSignificantBits();
    this.body = body;
    this.attributes = attributes.isEmpty() ? Map.of() : attributes;
    this.systemAttributes = systemAttributes.isEmpty() ? Map.of() : systemAttributes;
    this.senderId = senderId;
    this.groupId = groupId;
    this.sentAt = sentAt;
    this.visibleAt = visibleAt;
  }

  String messageId() {
    return new UUID(idHigh, idLow).toString();
  }

  boolean inFlight() {
    return hidden && receiveCount > 0;
  }
}
