package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.EntryOutcome;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueOp;
import ferry.protocol.queue.QueueReply;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Hides an in-flight message for a new timeout counted from now; 0 makes it visible at once. */
final class ChangeMessageVisibility implements SqsAction {
  private final Queues queues;

  ChangeMessageVisibility(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    QueueId queue = call.queue();
    String text = call.params().string("ReceiptHandle");
    QueueOp.VisibilityChange change = VisibilityChanges.read(call.params());
    return queues.changeVisibility(queue, List.of(change)).thenApply(reply -> {
      EntryOutcome outcome = Replies.as(reply, QueueReply.EntriesDone.class).outcomes().get(0);
      if (outcome != EntryOutcome.OK) {
        throw ReceiptHandles.refusal(outcome, text, change.timeoutSeconds());
      }
      return Replies.empty();
    });
  }
}
