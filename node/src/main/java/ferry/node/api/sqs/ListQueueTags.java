package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.QueueReply;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/** A queue's tags; no {@code Tags} member when it has none. */
final class ListQueueTags implements SqsAction {
  private final Queues queues;

  ListQueueTags(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    return queues.describe(call.queue()).thenApply(reply -> {
      QueueReply.Description description = Replies.as(reply, QueueReply.Description.class);
      ObjectNode result = Replies.empty();
      if (!description.tags().isEmpty()) {
        ObjectNode tags = result.putObject("Tags");
        new TreeMap<>(description.tags()).forEach(tags::put);
      }
      return result;
    });
  }
}
