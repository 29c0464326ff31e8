package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import java.util.concurrent.CompletionStage;

/** Deletes every message of a queue, at most once a minute. */
final class PurgeQueue implements SqsAction {
  private final Queues queues;

  PurgeQueue(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    QueueId queue = call.queue();
    return queues.purge(queue).thenApply(reply -> {
      if (reply instanceof QueueReply.Rejected) {
        throw new SqsException(SqsError.PURGE_QUEUE_IN_PROGRESS,
            "Only one PurgeQueue operation on " + queue.name() + " is allowed every 60 seconds.");
      }
      Replies.as(reply, QueueReply.Done.class);
      return Replies.empty();
    });
  }
}
