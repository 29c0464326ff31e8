package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.QueueSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A redrive policy names an existing dead-letter queue of the same type (FIFO or standard) whose
 * RedriveAllowPolicy lets this queue send to it.
 */
final class RedriveChecks {
  private RedriveChecks() {}

  static CompletionStage<Void> verify(Queues queues, QueueArns arns, QueueId source, QueueSettings changes) {
    QueueSettings.Redrive redrive = changes.redrive();
    if (redrive == null || redrive.isRemoval()) {
      return CompletableFuture.completedFuture(null);
    }
    String policy = QueueAttributes.redrivePolicyJson(redrive);
    return queues.describe(redrive.deadLetterQueue()).thenApply(reply -> {
      if (!(reply instanceof QueueReply.Description target)) {
        throw refused(policy, "Dead letter target does not exist.");
      }
      if (target.settings().forFifoQueue() != QueueNames.isFifo(source.name())) {
        throw refused(policy, "Dead-letter queue must be same type of queue as the source.");
      }
      String allow = target.settings().verbatim().get("RedriveAllowPolicy");
      if (allow != null && !allows(QueueAttributes.jsonObject("RedriveAllowPolicy", allow), arns.of(source))) {
        throw refused(policy, "Queue " + arns.of(source) + " is not allowed by the dead-letter queue's RedriveAllowPolicy.");
      }
      return null;
    });
  }

  private static boolean allows(ObjectNode allowPolicy, String sourceArn) {
    String permission = allowPolicy.path("redrivePermission").asText("allowAll");
    if (permission.equals("denyAll")) {
      return false;
    }
    if (permission.equals("byQueue")) {
      for (JsonNode allowed : allowPolicy.path("sourceQueueArns")) {
        if (allowed.asText().equals(sourceArn)) {
          return true;
        }
      }
      return false;
    }
    return true;
  }

  private static SqsException refused(String policy, String reason) {
    return SqsException.invalid("RedrivePolicy", policy, reason);
  }
}
