package ferry.node.api.sqs;

import ferry.protocol.queue.QueueId;

/**
 * One SQS request as every action handler sees it, whichever protocol carried it: its
 * parameters and the account it acts for. {@code queuePath} is the queue named by the request
 * path (the SDK for Java v1 names queues that way instead of a {@code QueueUrl}), or null.
 * {@code accountsChecked}: signatures decide the account, and URLs of other accounts are refused.
 */
record SqsCall(SqsParams params, String account, boolean accountsChecked, String baseUrl, QueuePath queuePath) {

  /**
   * The queue this request addresses by {@code QueueUrl} or by its path. Where accounts are
   * checked, a queue of another account does not exist for this caller; where not, every URL
   * names the one account's queue, whatever account it shows.
   */
  QueueId queue() {
    String url = params.string("QueueUrl");
    QueuePath named = url != null && !url.isEmpty() ? QueueUrls.pathOf(url) : queuePath;
    if (named == null) {
      throw SqsException.missing("QueueUrl");
    }
    if (accountsChecked && named.account() != null && !named.account().equals(account)) {
      throw SqsException.noSuchQueue();
    }
    return QueueId.sqs(account, named.name());
  }

  String queueUrl(String name) {
    return QueueUrls.of(baseUrl, account, name);
  }
}
