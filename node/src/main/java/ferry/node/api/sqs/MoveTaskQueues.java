package ferry.node.api.sqs;

import ferry.protocol.queue.QueueId;

/** The queues the message move task actions name by ARN, which must be the caller's own. */
final class MoveTaskQueues {
  private MoveTaskQueues() {}

  static QueueId byArn(SqsCall call, String parameter, String arn) {
    QueueId queue = QueueArns.parse(arn).orElseThrow(() -> SqsException.invalid(parameter, arn, "Invalid ARN."));
    if (!queue.tenant().equals(call.account())) {
      throw notFound(parameter);
    }
    return queue;
  }

  static SqsException notFound(String parameter) {
    return new SqsException(SqsError.RESOURCE_NOT_FOUND,
        "The resource that you specified for the " + parameter + " parameter doesn't exist.");
  }
}
