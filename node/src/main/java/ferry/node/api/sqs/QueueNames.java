package ferry.node.api.sqs;

import java.util.regex.Pattern;

/**
 * SQS queue names: 1 to 80 letters, digits, hyphens and underscores; a FIFO queue's name ends
 * with {@code .fifo}, which counts toward the 80.
 */
final class QueueNames {
  private static final Pattern STANDARD = Pattern.compile("[A-Za-z0-9_-]{1,80}");
  private static final Pattern FIFO = Pattern.compile("[A-Za-z0-9_-]{1,75}\\.fifo");

  private QueueNames() {}

  static boolean isValid(String name) {
    return name != null && (STANDARD.matcher(name).matches() || FIFO.matcher(name).matches());
  }

  static boolean isFifo(String name) {
    return name.endsWith(".fifo");
  }
}
