package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.EntryOutcome;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.ReceiptHandle;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Deletes a received message. Deleting one that is already gone succeeds. */
final class DeleteMessage implements SqsAction {
  private final Queues queues;

  DeleteMessage(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    QueueId queue = call.queue();
    String text = call.params().string("ReceiptHandle");
    ReceiptHandle handle = ReceiptHandles.read(text);
    return queues.deleteMessages(queue, List.of(handle)).thenApply(reply -> {
      EntryOutcome outcome = Replies.as(reply, QueueReply.EntriesDone.class).outcomes().get(0);
      if (outcome != EntryOutcome.OK) {
        throw ReceiptHandles.refusal(outcome, text, 0);
      }
      return Replies.empty();
    });
  }
}
