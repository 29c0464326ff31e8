package ferry.protocol.queue;

import ferry.protocol.CborSerializable;
import java.util.List;
import java.util.Map;

/** Every answer a queue entity gives. */
public sealed interface QueueReply extends CborSerializable {

  record Done() implements QueueReply {}

  record NoSuchQueue() implements QueueReply {}

  record Rejected(Reason reason) implements QueueReply {}

  enum Reason {
    /** Create of an existing queue with a setting or tag that differs. */
    EXISTS_WITH_OTHER_SETTINGS,
    /** Create within a minute of the same queue's delete. */
    DELETED_RECENTLY,
    /** Purge within a minute of the previous one. */
    PURGE_IN_PROGRESS,
    /** Receive while {@link #IN_FLIGHT_LIMIT} messages are in flight. */
    IN_FLIGHT_LIMIT,
    /** A move task is started while another one runs. */
    MOVE_TASK_RUNNING,
    /** Cancel of a move task that is not running. */
    NO_RUNNING_MOVE_TASK
  }

  record MoveTaskStarted(String handle) implements QueueReply {}

  record MoveTaskCancelled(long moved) implements QueueReply {}

  record MoveTasks(List<MoveTask> tasks) implements QueueReply {}

  /** Most messages of one queue that may be received and not yet deleted, as on SQS. */
  int IN_FLIGHT_LIMIT = 120_000;

  /** One outcome per message sent, in order. */
  record Sent(List<SendOutcome> outcomes, int maximumMessageSize) implements QueueReply {}

  /**
   * A stored message's id and sequence number (the original's for a FIFO duplicate), or why
   * the message was refused.
   */
  record SendOutcome(String messageId, long seq, SendRefusal refusal) {
    public static SendOutcome stored(String messageId, long seq) {
      return new SendOutcome(messageId, seq, null);
    }

    public static SendOutcome refused(SendRefusal refusal) {
      return new SendOutcome(null, 0, refusal);
    }
  }

  enum SendRefusal {
    /** Larger than the queue's maximumMessageSize. */
    TOO_LARGE,
    /** A FIFO queue without content-based deduplication needs a deduplication id. */
    NO_DEDUPLICATION_ID
  }

  record Received(List<ReceivedMessage> messages) implements QueueReply {}

  /** One outcome per entry of a delete or visibility change, in the request's order. */
  record EntriesDone(List<EntryOutcome> outcomes) implements QueueReply {}

  record Description(
      QueueSettings settings,
      Map<String, String> tags,
      long createdAt,
      long lastModifiedAt,
      long visibleMessages,
      long inFlightMessages,
      long delayedMessages)
      implements QueueReply {}
}
