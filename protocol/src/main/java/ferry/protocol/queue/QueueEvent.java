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

  /**
   * What replaying one sent message costs, in units of replaying one claim or deletion. Measured
   * on embedded H2 by restarting a million-message queue before and after draining 761,360 of
   * its messages, snapshots off: the sends replayed at about 8.5 µs a message, each drained
   * message's receive and deletion at 1.3 µs apiece. Five, not six, errs toward earlier snapshots.
   */
  int SENT_MESSAGE_REPLAY_COST = 5;

  /**
   * What replaying this event costs, in units of one claim or deletion: weighed against what a
   * snapshot of the queue costs, it decides when the queue takes one.
   */
  default long replayCost() {
    return SENT_MESSAGE_REPLAY_COST;
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
    public long replayCost() {
      return (long) SENT_MESSAGE_REPLAY_COST * messages.size();
    }
  }

  /**
   * Each claim makes a message invisible until {@code visibleAt} and counts one more receive.
   * {@code attemptId}, when a FIFO receive gave one, lets a retry of it get the same messages.
   */
  record MessagesReceived(List<Claim> claims, long receivedAt, String attemptId) implements QueueEvent {
    @Override
    public long replayCost() {
      return claims.size();
    }
  }

  record MessagesDeleted(List<Long> seqs) implements QueueEvent {
    @Override
    public long replayCost() {
      return seqs.size();
    }
  }

  record VisibilityChanged(List<Claim> claims) implements QueueEvent {
    @Override
    public long replayCost() {
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
    public long replayCost() {
      return (long) SENT_MESSAGE_REPLAY_COST * messages.size();
    }
  }

  record MoveTaskStarted(MoveTask task) implements QueueEvent {}

  record MoveTaskEnded(String handle, MoveTask.Status status, String failureReason) implements QueueEvent {}
}
