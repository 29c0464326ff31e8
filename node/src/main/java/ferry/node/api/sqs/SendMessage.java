package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.NewMessage;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Stores one message; the answer comes once it is in the journal. */
final class SendMessage implements SqsAction {
  private final Queues queues;

  SendMessage(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    QueueId queue = call.queue();
    NewMessage message = NewMessages.read(call.params());
    return queues.send(queue, List.of(message), call.account()).thenApply(reply -> {
      QueueReply.Sent sent = Replies.as(reply, QueueReply.Sent.class);
      String messageId = sent.messageIds().get(0);
      if (messageId == null) {
        throw NewMessages.tooLarge(sent.maximumMessageSize());
      }
      return NewMessages.sent(message, messageId);
    });
  }
}
