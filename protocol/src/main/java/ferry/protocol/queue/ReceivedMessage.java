package ferry.protocol.queue;

import java.util.Map;

/** One message handed to a consumer by a receive, with the receipt handle that receive minted. */
public record ReceivedMessage(
    String messageId,
    String receiptHandle,
    String body,
    Map<String, AttributeValue> attributes,
    Map<String, AttributeValue> systemAttributes,
    String senderId,
    String groupId,
    long sentAt,
    long firstReceivedAt,
    int receiveCount) {}
