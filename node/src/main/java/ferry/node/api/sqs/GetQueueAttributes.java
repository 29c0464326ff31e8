package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** The queue attributes asked for by name, or all of them for {@code All}. */
final class GetQueueAttributes implements SqsAction {
  private final Queues queues;
  private final QueueArns arns;

  GetQueueAttributes(Queues queues, QueueArns arns) {
    this.queues = queues;
    this.arns = arns;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    QueueId queue = call.queue();
    List<String> names = call.params().stringList("AttributeNames");
    for (String name : names) {
      if (!QueueAttributes.isKnown(name)) {
        throw new SqsException(SqsError.INVALID_ATTRIBUTE_NAME, "Unknown Attribute " + name + ".");
      }
    }
    return queues.describe(queue).thenApply(reply -> {
      QueueReply.Description description = Replies.as(reply, QueueReply.Description.class);
      Map<String, String> all = QueueAttributes.all(description, arns.of(queue));
      ObjectNode result = Replies.empty();
      if (names.isEmpty()) {
        return result;
      }
      ObjectNode attributes = result.putObject("Attributes");
      all.forEach((name, value) -> {
        if (names.contains("All") || names.contains(name)) {
          attributes.put(name, value);
        }
      });
      return result;
    });
  }
}
