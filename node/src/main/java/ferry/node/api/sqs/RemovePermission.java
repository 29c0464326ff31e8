package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.QueueSettings;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Removes the statement of a label from the queue's Policy attribute. */
final class RemovePermission implements SqsAction {
  private final Queues queues;

  RemovePermission(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    QueueId queue = call.queue();
    String label = call.params().requiredString("Label");
    return queues.describe(queue).thenCompose(reply -> {
      QueueReply.Description description = Replies.as(reply, QueueReply.Description.class);
      String policy = QueuePolicies.withoutStatement(description.settings().verbatim().get("Policy"), label);
      return queues.configure(queue, new QueueSettings(null, null, null, null, null, null, null, Map.of("Policy", policy)));
    }).thenApply(reply -> {
      Replies.as(reply, QueueReply.Done.class);
      return Replies.empty();
    });
  }
}
