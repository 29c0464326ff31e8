package ferry.node.api.sqs;

import ferry.protocol.queue.QueueOp;

/** Reads the handle and timeout of a ChangeMessageVisibility or of one of its batch entries. */
final class VisibilityChanges {
  private VisibilityChanges() {}

  static QueueOp.VisibilityChange read(SqsParams params) {
    var handle = ReceiptHandles.read(params.string("ReceiptHandle"));
    Integer timeout = params.integerBetween("VisibilityTimeout", 0, 43_200);
    if (timeout == null) {
      throw SqsException.missing("VisibilityTimeout");
    }
    return new QueueOp.VisibilityChange(handle, timeout);
  }
}
