package ferry.protocol.queue;

import java.util.Map;

/**
 * A message as a producer hands it over. {@code delaySeconds} null means the queue's default;
 * {@code groupId} orders messages on FIFO queues and is an optional tenant key on standard ones;
 * {@code deduplicationId} (FIFO only) makes a repeated send within five minutes a no-op.
 */
public record NewMessage(
    String body,
    Map<String, AttributeValue> attributes,
    Map<String, AttributeValue> systemAttributes,
    Integer delaySeconds,
    String groupId,
    String deduplicationId) {

  public NewMessage {
    attributes = attributes == null ? Map.of() : attributes;
    systemAttributes = systemAttributes == null ? Map.of() : systemAttributes;
  }

  /** Bytes counted against the maximum message size: body and message attributes. */
  public int size() {
    int size = Utf8.length(body);
    for (Map.Entry<String, AttributeValue> attribute : attributes.entrySet()) {
      size += attribute.getValue().sizeWithName(attribute.getKey());
    }
    return size;
  }
}
