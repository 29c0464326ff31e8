package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.QueueSettings;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Creates a queue, or returns the URL of an existing one whose given attributes all match. */
final class CreateQueue implements SqsAction {
  private final Queues queues;
  private final QueueArns arns;

  CreateQueue(Queues queues, QueueArns arns) {
    this.queues = queues;
    this.arns = arns;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    String name = call.params().requiredString("QueueName");
    Map<String, String> attributes = call.params().stringMap("Attributes");
    boolean fifo = "true".equalsIgnoreCase(attributes.getOrDefault("FifoQueue", "false").trim());
    if (fifo && !QueueNames.isFifo(name)) {
      throw new SqsException(SqsError.INVALID_PARAMETER_VALUE, "The name of a FIFO queue can only include"
          + " alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.");
    }
    if (!QueueNames.isValid(name) || (QueueNames.isFifo(name) && !fifo)) {
      throw new SqsException(SqsError.INVALID_PARAMETER_VALUE, "Can only include alphanumeric characters,"
          + " hyphens, or underscores. 1 to 80 in length");
    }
    QueueSettings settings = QueueAttributes.read(attributes, true, fifo);
    // the JSON protocol names CreateQueue's tag map "tags"; the Query protocol's Tag.N reads as "Tags"
    Map<String, String> tags = call.params().has("tags")
        ? call.params().stringMap("tags") : call.params().stringMap("Tags");
    QueueTags.check(tags);
    QueueId queue = QueueId.sqs(call.account(), name);
    return RedriveChecks.verify(queues, arns, queue, settings)
        .thenCompose(redriveAllowed -> queues.create(queue, settings, tags)).thenApply(reply -> {
      if (reply instanceof QueueReply.Rejected rejected) {
        throw switch (rejected.reason()) {
          case EXISTS_WITH_OTHER_SETTINGS -> new SqsException(SqsError.QUEUE_NAME_EXISTS,
              "A queue already exists with the same name and a different value for an attribute or tag.");
          case DELETED_RECENTLY -> new SqsException(SqsError.QUEUE_DELETED_RECENTLY,
              "You must wait 60 seconds after deleting a queue before you can create another queue with the same name.");
          default -> new IllegalStateException("unexpected refusal of a create: " + rejected);
        };
      }
      Replies.as(reply, QueueReply.Done.class);
      ObjectNode result = Replies.empty();
      result.put("QueueUrl", call.queueUrl(name));
      return result;
    });
  }
}
