package ferry.protocol.queue;

import ferry.protocol.CborSerializable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a queue entity stores. Class names are written to the journal: never rename or move
 * these records; evolve them with optional fields.
 */
public sealed interface QueueEvent extends CborSerializable {

  record QueueCreated(QueueSettings settings, Map<String, String> tags, long createdAt)
      implements QueueEvent {}

  record SettingsChanged(QueueSettings changes, long changedAt) implements QueueEvent {}

  record Tagged(Map<String, String> tags) implements QueueEvent {}

  record Untagged(Set<String> keys) implements QueueEvent {}

  record QueuePurged(long purgedAt) implements QueueEvent {}

  record QueueDeleted(long deletedAt) implements QueueEvent {}

  record MessagesSent(List<SentMessage> messages) implements QueueEvent {}

  /** Each claim makes a message invisible until {@code visibleAt} and counts one more receive. */
  record MessagesReceived(List<Claim> claims, long receivedAt) implements QueueEvent {}

  record MessagesDeleted(List<Long> seqs) implements QueueEvent {}

  record VisibilityChanged(List<Claim> claims) implements QueueEvent {}

  record SentMessage(
      long seq,
      String messageId,
      String body,
      Map<String, AttributeValue> attributes,
      Map<String, AttributeValue> systemAttributes,
      String senderId,
      String groupId,
      long sentAt,
      long visibleAt) {}

  record Claim(long seq, long visibleAt) {}
}
