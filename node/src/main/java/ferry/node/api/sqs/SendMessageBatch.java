package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.NewMessage;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
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
    BatchEntries.Accepted<NewMessage> accepted = BatchEntries.accept(entries, result, NewMessages::read);
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
        String messageId = sent.messageIds().get(i);
        if (messageId == null) {
          BatchEntries.failed(result, id, NewMessages.tooLarge(sent.maximumMessageSize()));
        } else {
          BatchEntries.succeeded(result, id).setAll(NewMessages.sent(messages.get(i), messageId));
        }
      }
      return result;
    });
  }
}
