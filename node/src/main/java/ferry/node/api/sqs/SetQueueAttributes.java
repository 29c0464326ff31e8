package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.QueueSettings;
import java.util.concurrent.CompletionStage;

/** Changes settable queue attributes. */
final class SetQueueAttributes implements SqsAction {
  private final Queues queues;
  private final QueueArns arns;

  SetQueueAttributes(Queues queues, QueueArns arns) {
    this.queues = queues;
    this.arns = arns;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    QueueId queue = call.queue();
    QueueSettings changes = QueueAttributes.read(call.params().stringMap("Attributes"), false,
        QueueNames.isFifo(queue.name()));
    return RedriveChecks.verify(queues, arns, queue, changes)
        .thenCompose(redriveAllowed -> queues.configure(queue, changes)).thenApply(reply -> {
      Replies.as(reply, QueueReply.Done.class);
      return Replies.empty();
    });
  }
}
