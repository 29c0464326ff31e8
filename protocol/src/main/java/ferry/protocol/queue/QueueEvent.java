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

  /** How many messages this event writes about: what replaying it costs, next to a snapshot. */
  default int messagesCarried() {
    return 1;
  }

  record QueueCreated(QueueSettings settings, Map<String, String> tags, long createdAt)
      implements QueueEvent {}

  record SettingsChanged(QueueSettings changes, long changedAt) implements QueueEvent {}

  record Tagged(Map<String, String> tags) implements QueueEvent {}

  record Untagged(Set<String> keys) implements QueueEvent {}

  record QueuePurged(long purgedAt) implements QueueEvent {}

  record QueueDeleted(long deletedAt) implements QueueEvent {}

  record MessagesSent(List<SentMessage> messages) implements QueueEvent {
    @Override
    public int messagesCarried() {
      return messages.size();
    }
  }

  /**
   * Each claim makes a message invisible until {@code visibleAt} and counts one more receive.
   * {@code attemptId}, when a FIFO receive gave one, lets a retry of it get the same messages.
   */
  record MessagesReceived(List<Claim> claims, long receivedAt, String attemptId) implements QueueEvent {
    @Override
    public int messagesCarried() {
      return claims.size();
    }
  }

  record MessagesDeleted(List<Long> seqs) implements QueueEvent {
    @Override
    public int messagesCarried() {
      return seqs.size();
    }
  }

  record VisibilityChanged(List<Claim> claims) implements QueueEvent {
    @Override
    public int messagesCarried() {
      return claims.size();
    }
  }

  /**
   * A stored message. {@code deduplicationId} is set on FIFO queues (given, or the body's
   * SHA-256); {@code deadLetterSource} names the queue a dead-lettered message came from.
   */
  record SentMessage(
      long seq,
      String messageId,
      String body,
      Map<String, AttributeValue> attributes,
      Map<String, AttributeValue> systemAttributes,
      String senderId,
      String groupId,
      long sentAt,
      long visibleAt,
      String deduplicationId,
      QueueId deadLetterSource) {}

  record Claim(long seq, long visibleAt) {}

  /** Messages removed from this queue into transfers to other queues (dead-lettered or moved). */
  record MessagesHandedOver(List<Transfer> transfers) implements QueueEvent {}

  /** The destination stored the transfer's messages. */
  record TransferDelivered(long transferSeq) implements QueueEvent {}

  /** The destination does not exist: the transfer's messages are back in this queue. */
  record TransferReturned(long transferSeq) implements QueueEvent {}

  /** Messages of another queue's transfer, stored here with this queue's sequence numbers. */
  record MessagesAdopted(QueueId source, long transferSeq, List<SentMessage> messages) implements QueueEvent {
    @Override
    public int messagesCarried() {
      return messages.size();
    }
  }

  record MoveTaskStarted(MoveTask task) implements QueueEvent {}

  record MoveTaskEnded(String handle, MoveTask.Status status, String failureReason) implements QueueEvent {}
}
