package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.node.api.WireJson;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.QueueSettings.Fifo;
import ferry.protocol.queue.QueueSettings.Redrive;
import ferry.protocol.queue.QueueSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * SQS queue attributes, read into {@link QueueSettings} with the real service's ranges and
 * errors, and written from a queue's description.
 */
final class QueueAttributes {
  private static final ObjectMapper JSON = WireJson.MAPPER;

  /** Settable integer attributes and their allowed ranges. */
  private record Range(int min, int max) {}

  private static final Map<String, Range> RANGES = Map.of(
      "VisibilityTimeout", new Range(0, 43_200),
      "MessageRetentionPeriod", new Range(60, 1_209_600),
      "DelaySeconds", new Range(0, 900),
      "ReceiveMessageWaitTimeSeconds", new Range(0, 20),
      "MaximumMessageSize", new Range(1_024, 1_048_576));

  /** Settable attributes the queue stores and returns as given. */
  private static final Set<String> VERBATIM = Set.of("Policy", "RedriveAllowPolicy", "KmsMasterKeyId",
      "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled");

  private static final Set<String> FIFO_ONLY = Set.of("ContentBasedDeduplication",
      "DeduplicationScope", "FifoThroughputLimit");

  private static final List<String> READ_ONLY = List.of("ApproximateNumberOfMessages",
      "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed",
      "CreatedTimestamp", "LastModifiedTimestamp", "QueueArn");

  private QueueAttributes() {}

  /** Whether {@code name} is an attribute GetQueueAttributes may ask for. */
  static boolean isKnown(String name) {
    return name.equals("All") || RANGES.containsKey(name) || VERBATIM.contains(name)
        || name.equals("RedrivePolicy") || FIFO_ONLY.contains(name) || name.equals("FifoQueue")
        || READ_ONLY.contains(name);
  }

  /**
   * Reads the attributes of a CreateQueue ({@code creating}) or SetQueueAttributes of a
   * standard or FIFO queue. A created FIFO queue gets the FIFO defaults for what is not given.
   */
  static QueueSettings read(Map<String, String> attributes, boolean creating, boolean fifoQueue) {
    Map<String, Integer> numbers = new LinkedHashMap<>();
    Map<String, String> verbatim = new TreeMap<>();
    Redrive redrive = null;
    Boolean contentBased = null;
    Boolean deduplicationPerGroup = null;
    Boolean throughputPerGroup = null;
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      String name = attribute.getKey();
      String value = attribute.getValue() == null ? "" : attribute.getValue().trim();
      if (RANGES.containsKey(name)) {
        numbers.put(name, integerIn(name, value, RANGES.get(name)));
      } else if (VERBATIM.contains(name)) {
        verbatim.put(name, verbatimValue(name, value));
      } else if (name.equals("RedrivePolicy")) {
        redrive = value.isEmpty() ? Redrive.REMOVE : redrivePolicy(value);
      } else if (name.equals("FifoQueue")) {
        if (!creating) {
          throw new SqsException(SqsError.INVALID_ATTRIBUTE_VALUE,
              "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.");
        }
        if (!value.equalsIgnoreCase(Boolean.toString(fifoQueue))) {
          throw invalidValue(name);
        }
      } else if (FIFO_ONLY.contains(name) && fifoQueue) {
        switch (name) {
          case "ContentBasedDeduplication" -> contentBased = bool(name, value);
          case "DeduplicationScope" -> deduplicationPerGroup = choice(name, value, "messageGroup", "queue");
          default -> throughputPerGroup = choice(name, value, "perMessageGroupId", "perQueue");
        }
      } else if (FIFO_ONLY.contains(name)) {
        throw new SqsException(SqsError.INVALID_ATTRIBUTE_NAME,
            "You can specify the " + name + " only when FifoQueue is set to true.");
      } else {
        throw new SqsException(SqsError.INVALID_ATTRIBUTE_NAME, "Unknown Attribute " + name + ".");
      }
    }
    Fifo fifo = null;
    if (fifoQueue && (creating || contentBased != null || deduplicationPerGroup != null || throughputPerGroup != null)) {
      fifo = new Fifo(contentBased, deduplicationPerGroup, throughputPerGroup);
    }
    return new QueueSettings(numbers.get("VisibilityTimeout"), numbers.get("DelaySeconds"),
        numbers.get("MessageRetentionPeriod"), numbers.get("MaximumMessageSize"),
        numbers.get("ReceiveMessageWaitTimeSeconds"), fifo, redrive, verbatim);
  }

  /** Every attribute of the queue, in the order the real service lists them. */
  static Map<String, String> all(QueueReply.Description queue, String queueArn) {
    QueueSettings settings = queue.settings();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("QueueArn", queueArn);
    attributes.put("ApproximateNumberOfMessages", Long.toString(queue.visibleMessages()));
    attributes.put("ApproximateNumberOfMessagesNotVisible", Long.toString(queue.inFlightMessages()));
    attributes.put("ApproximateNumberOfMessagesDelayed", Long.toString(queue.delayedMessages()));
    attributes.put("CreatedTimestamp", Long.toString(queue.createdAt() / 1000));
    attributes.put("LastModifiedTimestamp", Long.toString(queue.lastModifiedAt() / 1000));
    attributes.put("VisibilityTimeout", settings.visibilityTimeoutSeconds().toString());
    attributes.put("MaximumMessageSize", settings.maximumMessageSize().toString());
    attributes.put("MessageRetentionPeriod", settings.retentionSeconds().toString());
    attributes.put("DelaySeconds", settings.delaySeconds().toString());
    attributes.put("ReceiveMessageWaitTimeSeconds", settings.receiveWaitSeconds().toString());
    attributes.put("SqsManagedSseEnabled", "false");
    if (settings.redrive() != null) {
      attributes.put("RedrivePolicy", redrivePolicyJson(settings.redrive()));
    }
    if (settings.forFifoQueue()) {
      Fifo fifo = settings.fifo();
      attributes.put("FifoQueue", "true");
      attributes.put("ContentBasedDeduplication", fifo.contentBasedDeduplication().toString());
      attributes.put("DeduplicationScope", fifo.deduplicationPerGroup() ? "messageGroup" : "queue");
      attributes.put("FifoThroughputLimit", fifo.throughputPerGroup() ? "perMessageGroupId" : "perQueue");
    }
    attributes.putAll(settings.verbatim());
    return attributes;
  }

  /** The RedrivePolicy JSON as the real service returns it: maxReceiveCount a number. */
  static String redrivePolicyJson(Redrive redrive) {
    ObjectNode policy = JSON.createObjectNode();
    policy.put("deadLetterTargetArn", redrive.deadLetterTargetArn());
    policy.put("maxReceiveCount", redrive.maxReceiveCount());
    return policy.toString();
  }

  private static Redrive redrivePolicy(String value) {
    ObjectNode policy = jsonObject("RedrivePolicy", value);
    JsonNode target = policy.get("deadLetterTargetArn");
    JsonNode count = policy.get("maxReceiveCount");
    if (target == null || !target.isTextual() || count == null) {
      throw new SqsException(SqsError.INVALID_PARAMETER_VALUE, "Value " + value
          + " for parameter RedrivePolicy is invalid. Reason: Redrive policy does not contain mandatory attribute: "
          + (target == null || !target.isTextual() ? "deadLetterTargetArn" : "maxReceiveCount") + ".");
    }
    QueueId deadLetterQueue = QueueArns.parse(target.asText()).orElseThrow(() -> new SqsException(
        SqsError.INVALID_PARAMETER_VALUE, "Value " + value
        + " for parameter RedrivePolicy is invalid. Reason: Invalid value for deadLetterTargetArn."));
    int maxReceiveCount = integerIn("RedrivePolicy", count.asText(), new Range(1, 1_000));
    return new Redrive(target.asText(), deadLetterQueue, maxReceiveCount);
  }

  private static int integerIn(String name, String value, Range range) {
    int number;
    try {
      number = Integer.parseInt(value);
    } catch (NumberFormatException notANumber) {
      throw invalidValue(name);
    }
    if (number < range.min() || number > range.max()) {
      throw invalidValue(name);
    }
    return number;
  }

  private static boolean bool(String name, String value) {
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw invalidValue(name);
    }
    return Boolean.parseBoolean(value);
  }

  /** True for the first of the two allowed values. */
  private static boolean choice(String name, String value, String first, String second) {
    if (!value.equals(first) && !value.equals(second)) {
      throw invalidValue(name);
    }
    return value.equals(first);
  }

  private static String verbatimValue(String name, String value) {
    if (value.isEmpty()) {
      return "";
    }
    return switch (name) {
      case "SqsManagedSseEnabled" -> Boolean.toString(bool(name, value));
      case "KmsDataKeyReusePeriodSeconds" -> Integer.toString(integerIn(name, value, new Range(60, 86_400)));
      case "Policy" -> {
        jsonObject(name, value);
        yield value;
      }
      case "RedriveAllowPolicy" -> redriveAllowPolicy(value);
      default -> value;
    };
  }

  /** {@code {"redrivePermission": allowAll|denyAll|byQueue, "sourceQueueArns": [1 to 10 ARNs for byQueue]}}. */
  private static String redriveAllowPolicy(String value) {
    ObjectNode policy = jsonObject("RedriveAllowPolicy", value);
    String permission = policy.path("redrivePermission").asText("");
    int sources = policy.path("sourceQueueArns").size();
    boolean valid = switch (permission) {
      case "allowAll", "denyAll" -> !policy.has("sourceQueueArns");
      case "byQueue" -> sources >= 1 && sources <= 10;
      default -> false;
    };
    if (!valid) {
      throw new SqsException(SqsError.INVALID_ATTRIBUTE_VALUE, "Invalid value for the parameter RedriveAllowPolicy."
          + " Reason: redrivePermission must be allowAll, denyAll or byQueue, and byQueue needs 1 to 10 sourceQueueArns.");
    }
    return value;
  }

  static ObjectNode jsonObject(String name, String value) {
    try {
      JsonNode parsed = JSON.readTree(value);
      if (parsed instanceof ObjectNode object) {
        return object;
      }
    } catch (java.io.IOException notJson) {
      // reported below
    }
    throw invalidValue(name);
  }

  private static SqsException invalidValue(String name) {
    return new SqsException(SqsError.INVALID_ATTRIBUTE_VALUE, "Invalid value for the parameter " + name + ".");
  }
}
