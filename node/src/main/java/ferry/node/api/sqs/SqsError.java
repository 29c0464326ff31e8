package ferry.node.api.sqs;

/**
 * The SQS errors Ferry returns. {@code shape} is the JSON protocol's {@code __type} shape name,
 * {@code legacyCode} the Query protocol's {@code Code} (also sent in JSON's
 * {@code x-amzn-query-error} header, which clients read as the error code), and the two
 * statuses are the HTTP statuses of each protocol: the JSON model gives every client error 400.
 */
enum SqsError {
  QUEUE_DOES_NOT_EXIST("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400, 400),
  QUEUE_NAME_EXISTS("QueueNameExists", "QueueAlreadyExists", 400, 400),
  QUEUE_DELETED_RECENTLY("QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently", 400, 400),
  PURGE_QUEUE_IN_PROGRESS("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", 403, 400),
  EMPTY_BATCH_REQUEST("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", 400, 400),
  TOO_MANY_ENTRIES_IN_BATCH_REQUEST("TooManyEntriesInBatchRequest",
      "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400, 400),
  BATCH_ENTRY_IDS_NOT_DISTINCT("BatchEntryIdsNotDistinct",
      "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400, 400),
  INVALID_BATCH_ENTRY_ID("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", 400, 400),
  BATCH_REQUEST_TOO_LONG("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", 400, 400),
  MESSAGE_NOT_INFLIGHT("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight", 400, 400),
  RECEIPT_HANDLE_IS_INVALID("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 404, 400),
  INVALID_ATTRIBUTE_NAME("InvalidAttributeName", "InvalidAttributeName", 400, 400),
  INVALID_ATTRIBUTE_VALUE("InvalidAttributeValue", "InvalidAttributeValue", 400, 400),
  INVALID_MESSAGE_CONTENTS("InvalidMessageContents", "InvalidMessageContents", 400, 400),
  OVER_LIMIT("OverLimit", "OverLimit", 403, 400),
  INVALID_PARAMETER_VALUE("InvalidParameterValue", "InvalidParameterValue", 400, 400),
  MISSING_PARAMETER("MissingParameter", "MissingParameter", 400, 400),
  INVALID_ACTION("InvalidAction", "InvalidAction", 400, 400),
  MISSING_ACTION("MissingAction", "MissingAction", 400, 400),
  MALFORMED_QUERY_STRING("MalformedQueryString", "MalformedQueryString", 400, 400),
  SERIALIZATION("SerializationException", "SerializationException", 400, 400),
  RESOURCE_NOT_FOUND("ResourceNotFoundException", "ResourceNotFoundException", 404, 400),
  UNSUPPORTED_OPERATION("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", 400, 400),
  INVALID_ADDRESS("InvalidAddress", "InvalidAddress", 404, 400),
  MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationToken", "MissingAuthenticationToken", 403, 403),
  INCOMPLETE_SIGNATURE("IncompleteSignature", "IncompleteSignature", 400, 400),
  INVALID_CLIENT_TOKEN_ID("InvalidClientTokenId", "InvalidClientTokenId", 403, 403),
  SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", "SignatureDoesNotMatch", 403, 403),
  REQUEST_EXPIRED("RequestExpired", "RequestExpired", 400, 400),
  REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLarge", "RequestEntityTooLarge", 413, 413),
  SERVICE_UNAVAILABLE("ServiceUnavailable", "ServiceUnavailable", 503, 503),
  INTERNAL_ERROR("InternalError", "InternalError", 500, 500);

  final String shape;
  final String legacyCode;
  final int queryStatus;
  final int jsonStatus;

  SqsError(String shape, String legacyCode, int queryStatus, int jsonStatus) {
    this.shape = shape;
    this.legacyCode = legacyCode;
    this.queryStatus = queryStatus;
    this.jsonStatus = jsonStatus;
  }

  /** Client faults are the sender's; server faults the receiver's, and clients retry them. */
  boolean senderFault() {
    return queryStatus < 500;
  }
}
