package ferry.persistence.queue;

import ferry.protocol.queue.AttributeValue;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueEvent.SentMessage;
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
  final String deduplicationId;
  final QueueId deadLetterSource;
  final long sentAt;
  long visibleAt;
  long firstReceivedAt;
  long lastReceivedAt;
  int receiveCount;
  /** Whether the message sits in the store's hidden set (delayed or in flight) or its visible set. */
  boolean hidden;

  StoredMessage(SentMessage sent) {
    UUID id = UUID.fromString(sent.messageId());
    this.seq = sent.seq();
    this.idHigh = id.getMostSignificantBits();
    this.idLow = id.getLeastSignificantBits();
    this.body = sent.body();
    this.attributes = sent.attributes().isEmpty() ? Map.of() : sent.attributes();
    this.systemAttributes = sent.systemAttributes().isEmpty() ? Map.of() : sent.systemAttributes();
    // one account sends most messages; read back from the journal each would carry its own copy
    this.senderId = sent.senderId().intern();
    this.groupId = sent.groupId();
    this.deduplicationId = sent.deduplicationId();
    this.deadLetterSource = sent.deadLetterSource();
    this.sentAt = sent.sentAt();
    this.visibleAt = sent.visibleAt();
  }

  /** The message as it was sent, for snapshots. */
  SentMessage asSent() {
    return new SentMessage(seq, messageId(), body, attributes, systemAttributes, senderId, groupId, sentAt,
        visibleAt, deduplicationId, deadLetterSource);
  }

  String messageId() {
    return new UUID(idHigh, idLow).toString();
  }

  boolean inFlight() {
    return hidden && receiveCount > 0;
  }
}
