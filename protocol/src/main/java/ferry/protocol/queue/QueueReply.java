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
    IN_FLIGHT_LIMIT
  }

  /** Most messages of one queue that may be received and not yet deleted, as on SQS. */
  int IN_FLIGHT_LIMIT = 120_000;

  /**
   * One id per message sent, in order; null where the message was larger than the queue's
   * {@code maximumMessageSize} and was not stored.
   */
  record Sent(List<String> messageIds, int maximumMessageSize) implements QueueReply {}

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
