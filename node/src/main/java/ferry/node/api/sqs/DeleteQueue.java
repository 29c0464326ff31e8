package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.QueueReply;
import java.util.concurrent.CompletionStage;

/** Deletes a queue and its messages. */
final class DeleteQueue implements SqsAction {
  private final Queues queues;

  DeleteQueue(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    return queues.delete(call.queue()).thenApply(reply -> {
      Replies.as(reply, QueueReply.Done.class);
      return Replies.empty();
    });
  }
}
