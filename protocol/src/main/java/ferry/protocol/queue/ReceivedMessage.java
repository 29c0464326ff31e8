package ferry.protocol.queue;

import java.util.Map;

/**
 * One message handed to a consumer by a receive, with the receipt handle that receive minted.
 * {@code seq} is its place in the queue (the FIFO sequence number); {@code deadLetterSource}
 * the queue it was dead-lettered from, if any.
 */
public record ReceivedMessage(
    String messageId,
    String receiptHandle,
    String body,
    Map<String, AttributeValue> attributes,
    Map<String, AttributeValue> systemAttributes,
    String senderId,
    String groupId,
    String deduplicationId,
    long seq,
    long sentAt,
    long firstReceivedAt,
    int receiveCount,
    QueueId deadLetterSource) {}
