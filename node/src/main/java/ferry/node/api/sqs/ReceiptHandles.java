package ferry.node.api.sqs;

import ferry.protocol.queue.EntryOutcome;
import ferry.protocol.queue.ReceiptHandle;

/** Reads receipt handles and words what became of a delete or visibility change, as SQS does. */
final class ReceiptHandles {
  private ReceiptHandles() {}

  static ReceiptHandle read(String handle) {
    if (handle == null || handle.isEmpty()) {
      throw SqsException.missing("ReceiptHandle");
    }
    return ReceiptHandle.parse(handle).orElseThrow(() -> invalid(handle));
  }

  static SqsException invalid(String handle) {
    return new SqsException(SqsError.RECEIPT_HANDLE_IS_INVALID,
        "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
  }

  /** The refusal for an outcome other than OK. */
  static SqsException refusal(EntryOutcome outcome, String handle, int visibilityTimeout) {
    return switch (outcome) {
      case INVALID_HANDLE -> invalid(handle);
      case MESSAGE_GONE -> SqsException.invalid("ReceiptHandle", handle,
          "Message does not exist or is not available for visibility timeout change.");
      case NOT_IN_FLIGHT -> new SqsException(SqsError.MESSAGE_NOT_INFLIGHT,
          "The message referred to is not in flight.");
      case VISIBILITY_LIMIT_EXCEEDED -> SqsException.invalid("VisibilityTimeout", visibilityTimeout,
          "Total VisibilityTimeout for the message is beyond the limit [43200 seconds]");
      case OK -> throw new IllegalArgumentException("OK is no refusal");
    };
  }
}
