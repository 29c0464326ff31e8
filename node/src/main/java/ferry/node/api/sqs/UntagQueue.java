package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Removes tags from a queue by key. */
final class UntagQueue implements SqsAction {
  private final Queues queues;

  UntagQueue(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    QueueId queue = call.queue();
    List<String> keys = call.params().stringList("TagKeys");
    if (keys.isEmpty()) {
      throw SqsException.missing("TagKeys");
    }
    return queues.untag(queue, new LinkedHashSet<>(keys)).thenApply(reply -> {
      Replies.as(reply, QueueReply.Done.class);
      return Replies.empty();
    });
  }
}
