package ferry.node.api.sqs;

/** The two wire protocols of SQS, decided once per request from its content type. */
enum SqsProtocol {
  /** Form-encoded parameters, XML responses: distro-packaged boto3 and CLI, SDK for Java v1. */
  QUERY,
  /** AWS JSON 1.0 with {@code X-Amz-Target}: current SDKs and CLI. */
  JSON;

  static SqsProtocol of(String mediaSubType) {
    return mediaSubType != null && mediaSubType.startsWith("x-amz-json") ? JSON : QUERY;
  }
}
