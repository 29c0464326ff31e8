package ferry.protocol.queue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import ferry.protocol.CborSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/** One client's message work, carried inside {@link QueueCommand.Apply} with others'. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = QueueOp.Send.class, name = "send"),
  @JsonSubTypes.Type(value = QueueOp.Receive.class, name = "receive"),
  @JsonSubTypes.Type(value = QueueOp.DeleteMessages.class, name = "delete"),
  @JsonSubTypes.Type(value = QueueOp.ChangeVisibility.class, name = "visibility")
})
public sealed interface QueueOp extends CborSerializable {

  ActorRef<QueueReply> replyTo();

  /** Bytes of message content the op carries, so a lane can bound the size of one batch. */
  default int payloadBytes() {
    return 0;
  }

  record Send(List<NewMessage> messages, String senderId, ActorRef<QueueReply> replyTo)
      implements QueueOp {
    @Override
    public int payloadBytes() {
      return messages.stream().mapToInt(NewMessage::size).sum();
    }
  }

  /**
   * Claim up to {@code maxMessages} visible messages. Null visibility timeout or wait mean the
   * queue's defaults; a receive that finds nothing waits up to its wait time for messages. On a
   * FIFO queue, a retry with the same {@code attemptId} within five minutes gets the same
   * messages while none of them was received again or deleted.
   */
  record Receive(
      int maxMessages,
      Integer visibilityTimeoutSeconds,
      Integer waitSeconds,
      String attemptId,
      ActorRef<QueueReply> replyTo)
      implements QueueOp {}

  record DeleteMessages(List<ReceiptHandle> handles, ActorRef<QueueReply> replyTo)
      implements QueueOp {}

  record ChangeVisibility(List<VisibilityChange> changes, ActorRef<QueueReply> replyTo)
      implements QueueOp {}

  record VisibilityChange(ReceiptHandle handle, int timeoutSeconds) {}
}
