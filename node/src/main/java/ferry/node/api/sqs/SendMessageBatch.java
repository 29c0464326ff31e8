package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.NewMessage;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.QueueReply.SendOutcome;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Stores up to ten messages in one journal write. Entries that fail their own checks are
 * reported in {@code Failed} and the others are stored.
 */
final class SendMessageBatch implements SqsAction {
  private final Queues queues;

  SendMessageBatch(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    QueueId queue = call.queue();
    List<SqsParams> entries = BatchEntries.read(call.params(), "SendMessageBatchRequestEntry");
    ObjectNode result = BatchEntries.result();
    boolean fifo = QueueNames.isFifo(queue.name());
    BatchEntries.Accepted<NewMessage> accepted = BatchEntries.accept(entries, result, entry -> NewMessages.read(entry, fifo));
    List<NewMessage> messages = accepted.items();
    int totalBytes = messages.stream().mapToInt(NewMessage::size).sum();
    if (totalBytes > NewMessages.MAX_MESSAGE_BYTES) {
      throw new SqsException(SqsError.BATCH_REQUEST_TOO_LONG, "Batch requests cannot be longer than "
          + NewMessages.MAX_MESSAGE_BYTES + " bytes. You have sent " + totalBytes + " bytes.");
    }
    if (accepted.isEmpty()) {
      return CompletableFuture.completedFuture(result);
    }
    return queues.send(queue, messages, call.account()).thenApply(reply -> {
      QueueReply.Sent sent = Replies.as(reply, QueueReply.Sent.class);
      for (int i = 0; i < messages.size(); i++) {
        String id = accepted.ids().get(i);
        SendOutcome outcome = sent.outcomes().get(i);
        if (outcome.refusal() != null) {
          BatchEntries.failed(result, id, NewMessages.refusal(outcome, sent.maximumMessageSize()));
        } else {
          BatchEntries.succeeded(result, id).setAll(NewMessages.sent(messages.get(i), outcome, fifo));
        }
      }
      return result;
    });
  }
}
