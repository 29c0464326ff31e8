package ferry.node.api.sqs;

import ferry.protocol.queue.QueueId;

/**
 * One SQS request as every action handler sees it, whichever protocol carried it.
 * {@code pathQueueName} is the queue named by the request path, which the SDK for Java v1 uses
 * instead of a {@code QueueUrl} parameter.
 */
record SqsCall(SqsParams params, String account, String baseUrl, String pathQueueName) {

  /** The queue this request addresses by {@code QueueUrl} or by its path. */
  QueueId queue() {
    String url = params.string("QueueUrl");
    String name = url != null && !url.isEmpty() ? QueueUrls.nameOf(url) : pathQueueName;
    if (name == null) {
      throw SqsException.missing("QueueUrl");
    }
    return QueueId.sqs(account, name);
  }

  String queueUrl(String name) {
    return QueueUrls.of(baseUrl, account, name);
  }
}
