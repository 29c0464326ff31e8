package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.protocol.queue.AttributeValue;
import ferry.protocol.queue.NewMessage;
import ferry.protocol.queue.QueueReply.SendOutcome;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads the message of a SendMessage or of one SendMessageBatch entry, and writes its result. */
final class NewMessages {
  /** The largest message SQS accepts, body and attributes together. */
  static final int MAX_MESSAGE_BYTES = 1_048_576;
  /** Deduplication, group and receive attempt ids: alphanumerics and ASCII punctuation, at most 128. */
  private static final Pattern TOKEN = Pattern.compile("[\\p{Alnum}\\p{Punct}]{1,128}");

  private NewMessages() {}

  /** The message, checked against SQS's rules for a FIFO or a standard queue. */
  static NewMessage read(SqsParams params, boolean fifo) {
    String body = params.string("MessageBody");
    if (body == null || body.isEmpty()) {
      throw SqsException.missing("MessageBody");
    }
    if (!MessageContents.isAllowed(body)) {
      throw new SqsException(SqsError.INVALID_MESSAGE_CONTENTS,
          "Invalid binary character in the message body. Allowed: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
    }
    Integer delaySeconds = params.integerBetween("DelaySeconds", 0, 900);
    String groupId = token(params, "MessageGroupId");
    String deduplicationId = token(params, "MessageDeduplicationId");
    if (fifo) {
      if (groupId == null) {
        throw SqsException.missing("MessageGroupId");
      }
      if (delaySeconds != null && delaySeconds != 0) {
        throw SqsException.invalid("DelaySeconds", delaySeconds,
            "The request include parameter that is not valid for this queue type.");
      }
    } else if (deduplicationId != null) {
      throw SqsException.invalid("MessageDeduplicationId", deduplicationId,
          "The request include parameter that is not valid for this queue type.");
    }
    Map<String, AttributeValue> attributes = MessageAttributes.read(params.objectMap("MessageAttributes"));
    Map<String, AttributeValue> systemAttributes =
        MessageAttributes.readSystem(params.objectMap("MessageSystemAttributes"));
    NewMessage message = new NewMessage(body, attributes, systemAttributes, fifo ? null : delaySeconds,
        groupId, deduplicationId);
    if (message.size() > MAX_MESSAGE_BYTES) {
      throw tooLarge(MAX_MESSAGE_BYTES);
    }
    return message;
  }

  /** An id parameter of at most 128 alphanumerics and punctuation; null when absent. */
  static String token(SqsParams params, String name) {
    String value = params.string(name);
    if (value != null && !TOKEN.matcher(value).matches()) {
      throw SqsException.invalid(name, value,
          name + " can only include alphanumeric and punctuation characters. 1 to 128 in length.");
    }
    return value;
  }

  static SqsException tooLarge(int maximumBytes) {
    return new SqsException(SqsError.INVALID_PARAMETER_VALUE,
        "One or more parameters are invalid. Reason: Message must be shorter than " + maximumBytes + " bytes.");
  }

  /** Why the queue did not store a message, as SQS says it. */
  static SqsException refusal(SendOutcome outcome, int maximumBytes) {
    return switch (outcome.refusal()) {
      case TOO_LARGE -> tooLarge(maximumBytes);
      case NO_DEDUPLICATION_ID -> new SqsException(SqsError.INVALID_PARAMETER_VALUE, "The queue should either"
          + " have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
    };
  }

  /** SendMessage's result, and the fields of a SendMessageBatch success entry. */
  static ObjectNode sent(NewMessage message, SendOutcome outcome, boolean fifo) {
    ObjectNode result = Replies.empty();
    result.put("MD5OfMessageBody", MessageDigests.ofBody(message.body()));
    if (!message.attributes().isEmpty()) {
      result.put("MD5OfMessageAttributes", MessageDigests.ofAttributes(message.attributes()));
    }
    if (!message.systemAttributes().isEmpty()) {
      result.put("MD5OfMessageSystemAttributes", MessageDigests.ofAttributes(message.systemAttributes()));
    }
    result.put("MessageId", outcome.messageId());
    if (fifo) {
      result.put("SequenceNumber", SequenceNumbers.of(outcome.seq()));
    }
    return result;
  }
}
