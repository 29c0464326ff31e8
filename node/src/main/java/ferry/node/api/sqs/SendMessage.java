package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.NewMessage;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.QueueReply.SendOutcome;
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
    boolean fifo = QueueNames.isFifo(queue.name());
    NewMessage message = NewMessages.read(call.params(), fifo);
    return queues.send(queue, List.of(message), call.account()).thenApply(reply -> {
      QueueReply.Sent sent = Replies.as(reply, QueueReply.Sent.class);
      SendOutcome outcome = sent.outcomes().get(0);
      if (outcome.refusal() != null) {
        throw NewMessages.refusal(outcome, sent.maximumMessageSize());
      }
      return NewMessages.sent(message, outcome, fifo);
    });
  }
}
