package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Starts moving a dead-letter queue's messages to a destination, or each back to the queue it
 * was dead-lettered from, at most MaxNumberOfMessagesPerSecond (up to 500) a second.
 */
final class StartMessageMoveTask implements SqsAction {
  private final Queues queues;

  StartMessageMoveTask(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    String sourceArn = call.params().requiredString("SourceArn");
    QueueId source = MoveTaskQueues.byArn(call, "SourceArn", sourceArn);
    String destinationArn = call.params().string("DestinationArn");
    QueueId destination = destinationArn == null ? null : MoveTaskQueues.byArn(call, "DestinationArn", destinationArn);
    Integer maxPerSecond = call.params().integerBetween("MaxNumberOfMessagesPerSecond", 1, 500);
    return exists(source, "SourceArn")
        .thenCompose(sourceExists -> destination == null ? CompletableFuture.completedFuture(null) : exists(destination, "DestinationArn"))
        .thenCompose(destinationExists -> DeadLetterSources.of(queues, source))
        .thenCompose(sources -> {
          if (sources.isEmpty()) {
            throw SqsException.invalid("SourceArn", sourceArn, "Source queue must be configured as a Dead Letter Queue.");
          }
          return queues.startMoveTask(source, destination, destinationArn, maxPerSecond);
        })
        .thenApply(reply -> {
          if (reply instanceof QueueReply.Rejected) {
            throw new SqsException(SqsError.UNSUPPORTED_OPERATION, "There is already a task running. Only one active"
                + " task is allowed for a source queue arn at a given time.");
          }
          ObjectNode result = Replies.empty();
          result.put("TaskHandle", Replies.as(reply, QueueReply.MoveTaskStarted.class).handle());
          return result;
        });
  }

  private CompletionStage<Void> exists(QueueId queue, String parameter) {
    return queues.describe(queue).thenApply(reply -> {
      if (!(reply instanceof QueueReply.Description)) {
        throw MoveTaskQueues.notFound(parameter);
      }
      return null;
    });
  }
}
