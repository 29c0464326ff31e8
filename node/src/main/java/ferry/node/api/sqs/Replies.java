package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.protocol.queue.QueueReply;

/** Turns entity replies into results: a missing queue into the SQS error, anything else unexpected into a bug. */
final class Replies {
  private Replies() {}

  static <T extends QueueReply> T as(QueueReply reply, Class<T> expected) {
    if (expected.isInstance(reply)) {
      return expected.cast(reply);
    }
    if (reply instanceof QueueReply.NoSuchQueue) {
      throw SqsException.noSuchQueue();
    }
    throw new IllegalStateException("expected " + expected.getSimpleName() + " from the queue but got " + reply);
  }

  static ObjectNode empty() {
    return JsonNodeFactory.instance.objectNode();
  }
}
