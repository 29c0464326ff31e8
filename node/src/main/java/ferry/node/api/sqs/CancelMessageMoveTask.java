package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.MoveTaskHandles;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import java.util.concurrent.CompletionStage;

/** Stops a running move task; what it moved stays moved. */
final class CancelMessageMoveTask implements SqsAction {
  private final Queues queues;

  CancelMessageMoveTask(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    String handle = call.params().requiredString("TaskHandle");
    QueueId queue = MoveTaskHandles.queueOf(handle)
        .filter(named -> named.tenant().equals(call.account()))
        .orElseThrow(CancelMessageMoveTask::noRunningTask);
    return queues.cancelMoveTask(queue, handle).thenApply(reply -> {
      if (!(reply instanceof QueueReply.MoveTaskCancelled cancelled)) {
        throw noRunningTask();
      }
      ObjectNode result = Replies.empty();
      result.put("ApproximateNumberOfMessagesMoved", cancelled.moved());
      return result;
    });
  }

  private static SqsException noRunningTask() {
    return new SqsException(SqsError.RESOURCE_NOT_FOUND, "Task does not exist or is not running.");
  }
}
