package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.EntryOutcome;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueOp;
import ferry.protocol.queue.QueueReply;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Changes the visibility of up to ten in-flight messages in one journal write. */
final class ChangeMessageVisibilityBatch implements SqsAction {
  private final Queues queues;

  ChangeMessageVisibilityBatch(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    QueueId queue = call.queue();
    List<SqsParams> entries = BatchEntries.read(call.params(), "ChangeMessageVisibilityBatchRequestEntry");
    ObjectNode result = BatchEntries.result();
    BatchEntries.Accepted<QueueOp.VisibilityChange> changes =
        BatchEntries.accept(entries, result, VisibilityChanges::read);
    if (changes.isEmpty()) {
      return CompletableFuture.completedFuture(result);
    }
    return queues.changeVisibility(queue, changes.items()).thenApply(reply -> {
      List<EntryOutcome> outcomes = Replies.as(reply, QueueReply.EntriesDone.class).outcomes();
      BatchEntries.report(result, changes.ids(), outcomes, i -> {
        QueueOp.VisibilityChange change = changes.items().get(i);
        return ReceiptHandles.refusal(outcomes.get(i), change.handle().encode(), change.timeoutSeconds());
      });
      return result;
    });
  }
}
