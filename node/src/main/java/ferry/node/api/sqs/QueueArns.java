package ferry.node.api.sqs;

import ferry.protocol.queue.QueueId;
import java.util.Optional;

/** Queue ARNs: {@code arn:aws:sqs:<region>:<account>:<name>}. */
record QueueArns(String region) {
  String of(QueueId queue) {
    return "arn:aws:sqs:" + region + ":" + queue.tenant() + ":" + queue.name();
  }

  /** The queue an ARN names, whatever its region; empty when it is not an SQS queue ARN. */
  static Optional<QueueId> parse(String arn) {
    String[] parts = arn == null ? new String[0] : arn.split(":", -1);
    if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("sqs")
        || parts[4].isEmpty() || !QueueNames.isValid(parts[5])) {
      return Optional.empty();
    }
    return Optional.of(QueueId.sqs(parts[4], parts[5]));
  }
}
