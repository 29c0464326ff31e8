package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.EntryOutcome;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.ReceiptHandle;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Deletes up to ten received messages in one journal write. */
final class DeleteMessageBatch implements SqsAction {
  private final Queues queues;

  DeleteMessageBatch(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    QueueId queue = call.queue();
    List<SqsParams> entries = BatchEntries.read(call.params(), "DeleteMessageBatchRequestEntry");
    ObjectNode result = BatchEntries.result();
    BatchEntries.Accepted<ReceiptHandle> handles =
        BatchEntries.accept(entries, result, entry -> ReceiptHandles.read(entry.string("ReceiptHandle")));
    if (handles.isEmpty()) {
      return CompletableFuture.completedFuture(result);
    }
    return queues.deleteMessages(queue, handles.items()).thenApply(reply -> {
      List<EntryOutcome> outcomes = Replies.as(reply, QueueReply.EntriesDone.class).outcomes();
      BatchEntries.report(result, handles.ids(), outcomes,
          i -> ReceiptHandles.refusal(outcomes.get(i), handles.items().get(i).encode(), 0));
      return result;
    });
  }
}
