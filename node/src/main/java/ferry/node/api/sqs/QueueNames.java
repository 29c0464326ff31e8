package ferry.node.api.sqs;

import java.util.regex.Pattern;

/** SQS queue names: 1 to 80 letters, digits, hyphens and underscores. */
final class QueueNames {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,80}");

  private QueueNames() {}

  static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  static boolean isFifo(String name) {
    return name.endsWith(".fifo");
  }
}
