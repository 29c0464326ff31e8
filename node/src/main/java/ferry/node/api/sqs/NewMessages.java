package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.protocol.queue.AttributeValue;
import ferry.protocol.queue.NewMessage;
import java.util.Map;

/** Reads the message of a SendMessage or of one SendMessageBatch entry, and writes its result. */
final class NewMessages {
  /** The largest message SQS accepts, body and attributes together. */
  static final int MAX_MESSAGE_BYTES = 1_048_576;

  private NewMessages() {}

  static NewMessage read(SqsParams params) {
    String body = params.string("MessageBody");
    if (body == null || body.isEmpty()) {
      throw SqsException.missing("MessageBody");
    }
    if (!MessageContents.isAllowed(body)) {
      throw new SqsException(SqsError.INVALID_MESSAGE_CONTENTS,
          "Invalid binary character in the message body. Allowed: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
    }
    Integer delaySeconds = params.integerBetween("DelaySeconds", 0, 900);
    if (params.has("MessageDeduplicationId")) {
      throw new SqsException(SqsError.INVALID_PARAMETER_VALUE,
          "The request includes parameter MessageDeduplicationId that is not valid for this queue type.");
    }
    String groupId = params.string("MessageGroupId");
    Map<String, AttributeValue> attributes = MessageAttributes.read(params.objectMap("MessageAttributes"));
    Map<String, AttributeValue> systemAttributes =
        MessageAttributes.readSystem(params.objectMap("MessageSystemAttributes"));
    NewMessage message = new NewMessage(body, attributes, systemAttributes, delaySeconds, groupId);
    if (message.size() > MAX_MESSAGE_BYTES) {
      throw tooLarge(MAX_MESSAGE_BYTES);
    }
    return message;
  }

  static SqsException tooLarge(int maximumBytes) {
    return new SqsException(SqsError.INVALID_PARAMETER_VALUE,
        "One or more parameters are invalid. Reason: Message must be shorter than " + maximumBytes + " bytes.");
  }

  /** SendMessage's result, and the fields of a SendMessageBatch success entry. */
  static ObjectNode sent(NewMessage message, String messageId) {
    ObjectNode result = Replies.empty();
    result.put("MD5OfMessageBody", MessageDigests.ofBody(message.body()));
    if (!message.attributes().isEmpty()) {
      result.put("MD5OfMessageAttributes", MessageDigests.ofAttributes(message.attributes()));
    }
    if (!message.systemAttributes().isEmpty()) {
      result.put("MD5OfMessageSystemAttributes", MessageDigests.ofAttributes(message.systemAttributes()));
    }
    result.put("MessageId", messageId);
    return result;
  }
}
