package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.MoveTask;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import java.util.concurrent.CompletionStage;

/** A dead-letter queue's most recent move tasks, newest first (1 unless MaxResults asks for up to 10). */
final class ListMessageMoveTasks implements SqsAction {
  private final Queues queues;

  ListMessageMoveTasks(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    String sourceArn = call.params().requiredString("SourceArn");
    QueueId source = MoveTaskQueues.byArn(call, "SourceArn", sourceArn);
    Integer maxResults = call.params().integerBetween("MaxResults", 1, 10);
    return queues.listMoveTasks(source, maxResults == null ? 1 : maxResults).thenApply(reply -> {
      if (reply instanceof QueueReply.NoSuchQueue) {
        throw MoveTaskQueues.notFound("SourceArn");
      }
      ObjectNode result = Replies.empty();
      ArrayNode results = result.putArray("Results");
      for (MoveTask task : Replies.as(reply, QueueReply.MoveTasks.class).tasks()) {
        ObjectNode entry = results.addObject();
        if (task.status() == MoveTask.Status.RUNNING) {
          entry.put("TaskHandle", task.handle());
        }
        entry.put("Status", task.status().name());
        entry.put("SourceArn", sourceArn);
        if (task.destinationArn() != null) {
          entry.put("DestinationArn", task.destinationArn());
        }
        if (task.maxPerSecond() != null) {
          entry.put("MaxNumberOfMessagesPerSecond", task.maxPerSecond());
        }
        entry.put("ApproximateNumberOfMessagesMoved", task.moved());
        entry.put("ApproximateNumberOfMessagesToMove", task.toMove());
        if (task.failureReason() != null) {
          entry.put("FailureReason", task.failureReason());
        }
        entry.put("StartedTimestamp", task.startedAt());
      }
      return result;
    });
  }
}
