package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Adds tags to a queue, replacing the values of keys it already has. */
final class TagQueue implements SqsAction {
  private final Queues queues;

  TagQueue(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    QueueId queue = call.queue();
    Map<String, String> tags = call.params().stringMap("Tags");
    if (tags.isEmpty()) {
      throw SqsException.missing("Tags");
    }
    QueueTags.check(tags);
    return queues.tag(queue, tags).thenApply(reply -> {
      Replies.as(reply, QueueReply.Done.class);
      return Replies.empty();
    });
  }
}
