package ferry.node.api.sqs;

/**
 * FIFO sequence numbers: the message's place in its queue, which only grows, written as the
 * large decimal strings SQS uses (20 digits).
 */
final class SequenceNumbers {
  private SequenceNumbers() {}

  static String of(long seq) {
    return String.format("%020d", seq);
  }
}
