package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.QueueSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/** Adds a labelled statement granting accounts actions on the queue to its Policy attribute. */
final class AddPermission implements SqsAction {
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,80}");
  private static final int MAX_ACTIONS = 7;
  private static final Set<String> ACTIONS = Set.of("*", "SendMessage", "ReceiveMessage", "DeleteMessage",
      "ChangeMessageVisibility", "GetQueueAttributes", "GetQueueUrl", "ListDeadLetterSourceQueues", "PurgeQueue",
      "ListQueueTags");

  private final Queues queues;
  private final QueueArns arns;

  AddPermission(Queues queues, QueueArns arns) {
    this.queues = queues;
    this.arns = arns;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    QueueId queue = call.queue();
    String label = call.params().requiredString("Label");
    if (!LABEL.matcher(label).matches()) {
      throw SqsException.invalid("Label", label, "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.");
    }
    List<String> accounts = call.params().stringList("AWSAccountIds");
    List<String> actions = call.params().stringList("Actions");
    if (accounts.isEmpty()) {
      throw SqsException.missing("AWSAccountIds");
    }
    if (actions.isEmpty()) {
      throw SqsException.missing("Actions");
    }
    if (actions.size() > MAX_ACTIONS) {
      throw new SqsException(SqsError.OVER_LIMIT, "A statement has at most " + MAX_ACTIONS + " actions.");
    }
    actions.stream().filter(action -> !ACTIONS.contains(action)).findFirst().ifPresent(action -> {
      throw SqsException.invalid("ActionName", action, "Only the queue's own actions can be shared.");
    });
    return queues.describe(queue).thenCompose(reply -> {
      QueueReply.Description description = Replies.as(reply, QueueReply.Description.class);
      String policy = QueuePolicies.withStatement(description.settings().verbatim().get("Policy"), arns.of(queue),
          label, accounts, actions);
      return queues.configure(queue, new QueueSettings(null, null, null, null, null, null, null, Map.of("Policy", policy)));
    }).thenApply(reply -> {
      Replies.as(reply, QueueReply.Done.class);
      return Replies.empty();
    });
  }
}
