package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.EntryOutcome;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.ReceiptHandle;
import java.util.ArrayList;
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
    List<String> ids = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<ReceiptHandle> handles = new ArrayList<>();
    for (SqsParams entry : entries) {
      String id = entry.string("Id");
      String text = entry.string("ReceiptHandle");
      try {
        handles.add(ReceiptHandles.read(text));
        ids.add(id);
        texts.add(text);
      } catch (SqsException fault) {
        BatchEntries.failed(result, id, fault);
      }
    }
    if (handles.isEmpty()) {
      return CompletableFuture.completedFuture(result);
    }
    return queues.deleteMessages(queue, handles).thenApply(reply -> {
      List<EntryOutcome> outcomes = Replies.as(reply, QueueReply.EntriesDone.class).outcomes();
      for (int i = 0; i < outcomes.size(); i++) {
        if (outcomes.get(i) == EntryOutcome.OK) {
          BatchEntries.succeeded(result, ids.get(i));
        } else {
          BatchEntries.failed(result, ids.get(i), ReceiptHandles.refusal(outcomes.get(i), texts.get(i), 0));
        }
      }
      return result;
    });
  }
}
