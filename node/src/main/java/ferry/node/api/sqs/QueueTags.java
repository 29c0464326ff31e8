package ferry.node.api.sqs;

import java.util.Map;

/** SQS's limits on queue tags. */
final class QueueTags {
  static final int MAX_TAGS = 50;

  private QueueTags() {}

  static void check(Map<String, String> tags) {
    if (tags.size() > MAX_TAGS) {
      throw new SqsException(SqsError.INVALID_PARAMETER_VALUE, "Too many tags: a queue has at most " + MAX_TAGS + ".");
    }
    tags.forEach((key, value) -> {
      if (key.isEmpty() || key.length() > 128) {
        throw new SqsException(SqsError.INVALID_PARAMETER_VALUE, "Tag keys must be 1 to 128 characters long.");
      }
      if (value.length() > 256) {
        throw new SqsException(SqsError.INVALID_PARAMETER_VALUE, "Tag values must be at most 256 characters long.");
      }
    });
  }
}
