package ferry.node.api.sqs;

import ferry.persistence.queue.Queues;
import java.util.Map;

/** Every SQS action Ferry serves, by the name clients send. */
final class SqsActions {
  private SqsActions() {}

  static Map<String, SqsAction> all(Queues queues, SqsSettings settings) {
    QueueArns arns = new QueueArns(settings.region());
    return Map.ofEntries(
        Map.entry("CreateQueue", new CreateQueue(queues, arns)),
        Map.entry("GetQueueUrl", new GetQueueUrl(queues)),
        Map.entry("ListQueues", new ListQueues(queues)),
        Map.entry("DeleteQueue", new DeleteQueue(queues)),
        Map.entry("GetQueueAttributes", new GetQueueAttributes(queues, arns)),
        Map.entry("SetQueueAttributes", new SetQueueAttributes(queues, arns)),
        Map.entry("PurgeQueue", new PurgeQueue(queues)),
        Map.entry("TagQueue", new TagQueue(queues)),
        Map.entry("UntagQueue", new UntagQueue(queues)),
        Map.entry("ListQueueTags", new ListQueueTags(queues)),
        Map.entry("SendMessage", new SendMessage(queues)),
        Map.entry("SendMessageBatch", new SendMessageBatch(queues)),
        Map.entry("ReceiveMessage", new ReceiveMessage(queues, arns)),
        Map.entry("DeleteMessage", new DeleteMessage(queues)),
        Map.entry("DeleteMessageBatch", new DeleteMessageBatch(queues)),
        Map.entry("ChangeMessageVisibility", new ChangeMessageVisibility(queues)),
        Map.entry("ChangeMessageVisibilityBatch", new ChangeMessageVisibilityBatch(queues)),
        Map.entry("ListDeadLetterSourceQueues", new ListDeadLetterSourceQueues(queues)),
        Map.entry("StartMessageMoveTask", new StartMessageMoveTask(queues)),
        Map.entry("ListMessageMoveTasks", new ListMessageMoveTasks(queues)),
        Map.entry("CancelMessageMoveTask", new CancelMessageMoveTask(queues)),
        Map.entry("AddPermission", new AddPermission(queues, arns)),
        Map.entry("RemovePermission", new RemovePermission(queues)));
  }
}
