package ferry.node.api.sqs;

import ferry.protocol.queue.AttributeValue;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Reads and checks message attributes and message system attributes, with SQS's limits. */
final class MessageAttributes {
  static final int MAX_ATTRIBUTES = 10;
  private static final int MAX_NAME_LENGTH = 256;
  private static final int MAX_TYPE_LENGTH = 256;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern TYPE = Pattern.compile("(String|Number|Binary)(\\..+)?");
  private static final BigDecimal NUMBER_MAX = new BigDecimal("1E126");
  private static final BigDecimal NUMBER_MIN_MAGNITUDE = new BigDecimal("1E-128");

  private MessageAttributes() {}

  /** User attributes of a message, sorted by name. */
  static Map<String, AttributeValue> read(Map<String, SqsParams> attributes) {
    if (attributes.size() > MAX_ATTRIBUTES) {
      throw new SqsException(SqsError.INVALID_PARAMETER_VALUE, "Number of message attributes ["
          + attributes.size() + "] exceeds the allowed maximum [" + MAX_ATTRIBUTES + "].");
    }
    Map<String, AttributeValue> read = new TreeMap<>();
    attributes.forEach((name, value) -> {
      checkName(name);
      read.put(name, value(name, value));
    });
    return read;
  }

  /** System attributes: only AWSTraceHeader, a string, exists. */
  static Map<String, AttributeValue> readSystem(Map<String, SqsParams> attributes) {
    Map<String, AttributeValue> read = new TreeMap<>();
    attributes.forEach((name, value) -> {
      if (!name.equals("AWSTraceHeader")) {
        throw new SqsException(SqsError.INVALID_PARAMETER_VALUE,
            "Message system attribute name '" + name + "' is invalid.");
      }
      AttributeValue parsed = value(name, value);
      if (!parsed.dataType().equals("String")) {
        throw new SqsException(SqsError.INVALID_PARAMETER_VALUE,
            "Message system attribute '" + name + "' must be of type String.");
      }
      read.put(name, parsed);
    });
    return read;
  }

  /**
   * The attributes a receive asked for: {@code All} or {@code .*} for every one, {@code prefix.*}
   * for those whose names start with {@code prefix.}, or exact names.
   */
  static Map<String, AttributeValue> selected(Map<String, AttributeValue> attributes, List<String> requested) {
    if (attributes.isEmpty() || requested.isEmpty()) {
      return Map.of();
    }
    Map<String, AttributeValue> selected = new TreeMap<>();
    for (String wanted : requested) {
      if (wanted.equals("All") || wanted.equals(".*")) {
        return attributes;
      }
      if (wanted.endsWith(".*")) {
        String prefix = wanted.substring(0, wanted.length() - 1);
        attributes.forEach((name, value) -> {
          if (name.startsWith(prefix)) {
            selected.put(name, value);
          }
        });
      } else if (attributes.containsKey(wanted)) {
        selected.put(wanted, attributes.get(wanted));
      }
    }
    return selected;
  }

  private static void checkName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    boolean valid = !name.isEmpty() && name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches()
        && !name.startsWith(".") && !name.endsWith(".") && !name.contains("..")
        && !lower.startsWith("aws.") && !lower.startsWith("amazon.");
    if (!valid) {
      throw new SqsException(SqsError.INVALID_PARAMETER_VALUE, "Message (user) attribute name '" + name
          + "' is invalid. The attribute name can contain A-Z, a-z, 0-9, underscore (_), hyphen (-), and period (.)"
          + " characters, cannot start or end with a period, cannot have consecutive periods and cannot start"
          + " with AWS. or Amazon.");
    }
  }

  private static AttributeValue value(String name, SqsParams value) {
    String dataType = value.string("DataType");
    if (dataType == null || dataType.isEmpty()) {
      throw new SqsException(SqsError.INVALID_PARAMETER_VALUE,
          "The message attribute '" + name + "' must contain non-empty message attribute type.");
    }
    if (dataType.length() > MAX_TYPE_LENGTH || !TYPE.matcher(dataType).matches()) {
      throw new SqsException(SqsError.INVALID_PARAMETER_VALUE, "The type of message (user) attribute '"
          + name + "' is invalid. You must use only the following supported type prefixes: Binary, Number, String.");
    }
    if (value.has("StringListValues") || value.has("BinaryListValues")) {
      throw new SqsException(SqsError.INVALID_PARAMETER_VALUE,
          "Message attribute list values in '" + name + "' are not supported.");
    }
    if (dataType.startsWith("Binary")) {
      String encoded = value.string("BinaryValue");
      if (encoded == null || encoded.isEmpty()) {
        throw emptyValue(name);
      }
      try {
        return AttributeValue.ofBinary(dataType, Base64.getMimeDecoder().decode(encoded));
      } catch (IllegalArgumentException notBase64) {
        throw new SqsException(SqsError.INVALID_PARAMETER_VALUE,
            "The message attribute '" + name + "' has a binary value that is not base64.");
      }
    }
    String text = value.string("StringValue");
    if (text == null || text.isEmpty()) {
      throw emptyValue(name);
    }
    if (!MessageContents.isAllowed(text)) {
      throw new SqsException(SqsError.INVALID_PARAMETER_VALUE,
          "The message attribute '" + name + "' contains characters outside the allowed set.");
    }
    if (dataType.startsWith("Number")) {
      checkNumber(name, text);
    }
    return AttributeValue.ofString(dataType, text);
  }

  private static void checkNumber(String name, String text) {
    BigDecimal number;
    try {
      number = new BigDecimal(text.trim());
    } catch (NumberFormatException notANumber) {
      throw new SqsException(SqsError.INVALID_PARAMETER_VALUE,
          "Can't cast the value of message (user) attribute '" + name + "' to a number.");
    }
    BigDecimal magnitude = number.abs();
    boolean inRange = number.stripTrailingZeros().precision() <= 38
        && magnitude.compareTo(NUMBER_MAX) <= 0
        && (magnitude.signum() == 0 || magnitude.compareTo(NUMBER_MIN_MAGNITUDE) >= 0);
    if (!inRange) {
      throw new SqsException(SqsError.INVALID_PARAMETER_VALUE, "Value " + text
          + " for message (user) attribute '" + name + "' is out of range: numbers have at most 38 digits"
          + " of precision, between 10^-128 and 10^+126.");
    }
  }

  private static SqsException emptyValue(String name) {
    return new SqsException(SqsError.INVALID_PARAMETER_VALUE,
        "The message attribute '" + name + "' must contain non-empty message attribute value.");
  }
}
