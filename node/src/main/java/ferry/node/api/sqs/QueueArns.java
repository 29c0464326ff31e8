package ferry.node.api.sqs;

import ferry.protocol.queue.QueueId;

/** Queue ARNs: {@code arn:aws:sqs:<region>:<account>:<name>}. */
record QueueArns(String region) {
  String of(QueueId queue) {
    return "arn:aws:sqs:" + region + ":" + queue.tenant() + ":" + queue.name();
  }
}
