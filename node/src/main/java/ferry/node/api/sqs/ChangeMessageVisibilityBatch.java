package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.EntryOutcome;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueOp;
import ferry.protocol.queue.QueueReply;
import java.util.ArrayList;
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
    List<String> ids = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<QueueOp.VisibilityChange> changes = new ArrayList<>();
    for (SqsParams entry : entries) {
      String id = entry.string("Id");
      try {
        changes.add(VisibilityChanges.read(entry));
        ids.add(id);
        texts.add(entry.string("ReceiptHandle"));
      } catch (SqsException fault) {
        BatchEntries.failed(result, id, fault);
      }
    }
    if (changes.isEmpty()) {
      return CompletableFuture.completedFuture(result);
    }
    return queues.changeVisibility(queue, changes).thenApply(reply -> {
      List<EntryOutcome> outcomes = Replies.as(reply, QueueReply.EntriesDone.class).outcomes();
      for (int i = 0; i < outcomes.size(); i++) {
        EntryOutcome outcome = outcomes.get(i);
        if (outcome == EntryOutcome.OK) {
          BatchEntries.succeeded(result, ids.get(i));
        } else {
          BatchEntries.failed(result, ids.get(i),
              ReceiptHandles.refusal(outcome, texts.get(i), changes.get(i).timeoutSeconds()));
        }
      }
      return result;
    });
  }
}
