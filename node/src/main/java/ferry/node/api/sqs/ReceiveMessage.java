package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.AttributeValue;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.ReceivedMessage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Claims up to ten visible messages, waiting up to 20 seconds for one to arrive. Only the system
 * and message attributes asked for are returned, and the attributes digest covers just those.
 */
final class ReceiveMessage implements SqsAction {
  private static final List<String> SYSTEM_ATTRIBUTES = List.of("SenderId", "SentTimestamp",
      "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "SequenceNumber",
      "MessageDeduplicationId", "MessageGroupId", "AWSTraceHeader", "DeadLetterQueueSourceArn");

  private final Queues queues;
  private final QueueArns arns;

  ReceiveMessage(Queues queues, QueueArns arns) {
    this.queues = queues;
    this.arns = arns;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    QueueId queue = call.queue();
    SqsParams params = call.params();
    Integer maxMessages = params.integerBetween("MaxNumberOfMessages", 1, 10);
    Integer visibilityTimeout = params.integerBetween("VisibilityTimeout", 0, 43_200);
    Integer waitSeconds = params.integerBetween("WaitTimeSeconds", 0, 20);
    Set<String> systemNames = new LinkedHashSet<>(params.stringList("AttributeNames"));
    systemNames.addAll(params.stringList("MessageSystemAttributeNames"));
    List<String> attributeNames = params.stringList("MessageAttributeNames");
    boolean fifo = QueueNames.isFifo(queue.name());
    String attemptId = NewMessages.token(params, "ReceiveRequestAttemptId");
    return queues.receive(queue, maxMessages == null ? 1 : maxMessages, visibilityTimeout, waitSeconds,
            fifo ? attemptId : null)
        .thenApply(reply -> {
          if (reply instanceof QueueReply.Rejected) {
            throw new SqsException(SqsError.OVER_LIMIT, "There are too many messages in flight on this queue:"
                + " at most " + QueueReply.IN_FLIGHT_LIMIT + " may be received and not yet deleted.");
          }
          QueueReply.Received received = Replies.as(reply, QueueReply.Received.class);
          ObjectNode result = Replies.empty();
          if (!received.messages().isEmpty()) {
            ArrayNode messages = result.putArray("Messages");
            for (ReceivedMessage message : received.messages()) {
              messages.add(toResult(message, systemNames, attributeNames, fifo));
            }
          }
          return result;
        });
  }

  private ObjectNode toResult(ReceivedMessage message, Set<String> systemNames, List<String> attributeNames,
      boolean fifo) {
    ObjectNode result = Replies.empty();
    result.put("MessageId", message.messageId());
    result.put("ReceiptHandle", message.receiptHandle());
    result.put("MD5OfBody", MessageDigests.ofBody(message.body()));
    result.put("Body", message.body());
    ObjectNode system = systemAttributes(message, systemNames, fifo);
    if (!system.isEmpty()) {
      result.set("Attributes", system);
    }
    Map<String, AttributeValue> attributes = MessageAttributes.selected(message.attributes(), attributeNames);
    if (!attributes.isEmpty()) {
      result.put("MD5OfMessageAttributes", MessageDigests.ofAttributes(attributes));
      ObjectNode values = result.putObject("MessageAttributes");
      attributes.forEach((name, value) -> {
        ObjectNode attribute = values.putObject(name);
        if (value.isBinary()) {
          attribute.put("BinaryValue", Base64.getEncoder().encodeToString(value.binaryValue()));
        } else {
          attribute.put("StringValue", value.stringValue());
        }
        attribute.put("DataType", value.dataType());
      });
    }
    return result;
  }

  private ObjectNode systemAttributes(ReceivedMessage message, Set<String> requested, boolean fifo) {
    ObjectNode attributes = Replies.empty();
    boolean all = requested.contains("All");
    List<String> names = all ? SYSTEM_ATTRIBUTES : new ArrayList<>(requested);
    for (String name : names) {
      String value = switch (name) {
        case "SenderId" -> message.senderId();
        case "SentTimestamp" -> Long.toString(message.sentAt());
        case "ApproximateReceiveCount" -> Integer.toString(message.receiveCount());
        case "ApproximateFirstReceiveTimestamp" -> Long.toString(message.firstReceivedAt());
        case "MessageGroupId" -> message.groupId();
        case "SequenceNumber" -> fifo ? SequenceNumbers.of(message.seq()) : null;
        case "MessageDeduplicationId" -> message.deduplicationId();
        case "DeadLetterQueueSourceArn" -> message.deadLetterSource() == null ? null : arns.of(message.deadLetterSource());
        case "AWSTraceHeader" -> message.systemAttributes().containsKey("AWSTraceHeader")
            ? message.systemAttributes().get("AWSTraceHeader").stringValue() : null;
        default -> null;
      };
      if (value != null) {
        attributes.put(name, value);
      }
    }
    return attributes;
  }
}
