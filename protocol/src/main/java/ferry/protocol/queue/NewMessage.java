package ferry.protocol.queue;

import java.util.Map;

/**
 * A message as a producer hands it over. {@code delaySeconds} null means the queue's default;
 * {@code groupId} orders messages on FIFO queues and is an optional tenant key on standard ones;
 * {@code deduplicationId} (FIFO only) makes a repeated send within five minutes a no-op.
 * {@code size} is the bytes counted against the maximum message size (body and message
 * attributes), worked out once, since the edge, the lane and the queue all ask for it.
 */
public record NewMessage(
    String body,
    Map<String, AttributeValue> attributes,
    Map<String, AttributeValue> systemAttributes,
    Integer delaySeconds,
    String groupId,
    String deduplicationId,
    int size) {

  public NewMessage {
    attributes = attributes == null ? Map.of() : attributes;
    systemAttributes = systemAttributes == null ? Map.of() : systemAttributes;
  }

  public NewMessage(String body, Map<String, AttributeValue> attributes, Map<String, AttributeValue> systemAttributes,
      Integer delaySeconds, String groupId, String deduplicationId) {
    this(body, attributes, systemAttributes, delaySeconds, groupId, deduplicationId, sizeOf(body, attributes));
  }

  private static int sizeOf(String body, Map<String, AttributeValue> attributes) {
    int size = Utf8.length(body);
    if (attributes != null) {
      for (Map.Entry<String, AttributeValue> attribute : attributes.entrySet()) {
        size += attribute.getValue().sizeWithName(attribute.getKey());
      }
    }
    return size;
  }
}
