package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import java.util.concurrent.CompletionStage;

/** The URL of an existing queue, from its name. */
final class GetQueueUrl implements SqsAction {
  private final Queues queues;

  GetQueueUrl(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    String name = call.params().requiredString("QueueName");
    if (!QueueNames.isValid(name)) {
      throw SqsException.noSuchQueue();
    }
    return queues.describe(QueueId.sqs(call.account(), name)).thenApply(reply -> {
      Replies.as(reply, QueueReply.Description.class);
      ObjectNode result = Replies.empty();
      result.put("QueueUrl", call.queueUrl(name));
      return result;
    });
  }
}
