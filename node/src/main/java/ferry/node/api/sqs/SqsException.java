package ferry.node.api.sqs;

/**
 * A request the SQS front end refuses, with the error the client gets. Thrown only while a
 * request is read and checked, and caught at the one place that renders errors.
 */
final class SqsException extends RuntimeException {
  final SqsError error;

  SqsException(SqsError error, String message) {
    super(message, null, false, false);
    this.error = error;
  }

  static SqsException missing(String parameter) {
    return new SqsException(SqsError.MISSING_PARAMETER,
        "The request must contain the parameter " + parameter + ".");
  }

  static SqsException invalid(String parameter, Object value, String reason) {
    return new SqsException(SqsError.INVALID_PARAMETER_VALUE,
        "Value " + value + " for parameter " + parameter + " is invalid. Reason: " + reason);
  }

  static SqsException noSuchQueue() {
    return new SqsException(SqsError.QUEUE_DOES_NOT_EXIST, "The specified queue does not exist.");
  }
}
