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
    this(sent, UUID.fromString(sent.messageId()));
  }

  private StoredMessage(SentMessage sent, UUID id) {
    this(sent.seq(), id.getMostSignificantBits(), id.getLeastSignificantBits(), sent.body(), sent.attributes(),
        sent.systemAttributes(), sent.senderId(), sent.groupId(), sent.deduplicationId(), sent.deadLetterSource(),
        sent.sentAt(), sent.visibleAt());
  }

  private StoredMessage(long seq, long idHigh, long idLow, String body, Map<String, AttributeValue> attributes,
      Map<String, AttributeValue> systemAttributes, String senderId, String groupId, String deduplicationId,
      QueueId deadLetterSource, long sentAt, long visibleAt) {
    this.seq = seq;
    this.idHigh = idHigh;
    this.idLow = idLow;
    this.body = body;
    this.attributes = attributes.isEmpty() ? Map.of() : attributes;
    this.systemAttributes = systemAttributes.isEmpty() ? Map.of() : systemAttributes;
    // one account sends most messages; read back from the journal each would carry its own copy
    this.senderId = senderId.intern();
    this.groupId = groupId;
    this.deduplicationId = deduplicationId;
    this.deadLetterSource = deadLetterSource;
    this.sentAt = sentAt;
    this.visibleAt = visibleAt;
  }

  static StoredMessage fromSnapshot(QueueState.SnapshotMessage m) {
    StoredMessage message = new StoredMessage(m.seq(), m.idHigh(), m.idLow(), m.body(), m.attributes(),
        m.systemAttributes(), m.senderId(), m.groupId(), m.deduplicationId(), m.deadLetterSource(), m.sentAt(),
        m.visibleAt());
    message.firstReceivedAt = m.firstReceivedAt();
    message.lastReceivedAt = m.lastReceivedAt();
    message.receiveCount = m.receiveCount();
    return message;
  }

  QueueState.SnapshotMessage toSnapshot() {
    return new QueueState.SnapshotMessage(seq, idHigh, idLow, body, attributes, systemAttributes, senderId, groupId,
        deduplicationId, deadLetterSource, sentAt, visibleAt, firstReceivedAt, lastReceivedAt, receiveCount);
  }

  /** The message as it was sent, with its current visibility: what a dead letter or a move carries. */
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
