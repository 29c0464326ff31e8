package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the Query protocol's flattened parameters ({@code Attribute.1.Name=…},
 * {@code SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.StringValue=…}) into the JSON
 * protocol's shape ({@code Attributes: {…}}, {@code Entries: [{MessageAttributes: {…}}]}), so
 * that action handlers read one shape only.
 */
final class QueryParameters {
  private QueryParameters() {}

  /** A flattened list whose members become a JSON list, or a JSON map keyed by {@code keyField}. */
  private record Flattened(String jsonName, String keyField, String valueField) {
    boolean isMap() {
      return keyField != null;
    }
  }

  private static final Map<String, Flattened> FLATTENED = Map.ofEntries(
      Map.entry("Attribute", new Flattened("Attributes", "Name", "Value")),
      Map.entry("Tag", new Flattened("Tags", "Key", "Value")),
      // the SDK for Java v1 writes TagQueue's tags as Tags.N.Key, boto as Tag.N.Key
      Map.entry("Tags", new Flattened("Tags", "Key", "Value")),
      Map.entry("MessageAttribute", new Flattened("MessageAttributes", "Name", "Value")),
      Map.entry("MessageSystemAttribute", new Flattened("MessageSystemAttributes", "Name", "Value")),
      Map.entry("TagKey", new Flattened("TagKeys", null, null)),
      Map.entry("AttributeName", new Flattened("AttributeNames", null, null)),
      Map.entry("MessageAttributeName", new Flattened("MessageAttributeNames", null, null)),
      Map.entry("MessageSystemAttributeName", new Flattened("MessageSystemAttributeNames", null, null)),
      Map.entry("AWSAccountId", new Flattened("AWSAccountIds", null, null)),
      Map.entry("ActionName", new Flattened("Actions", null, null)));
  private static final String BATCH_ENTRY_SUFFIX = "RequestEntry";

  /** Decodes {@code application/x-www-form-urlencoded} text into {@code fields}; later keys win. */
  static void decodeForm(String encoded, Map<String, String> fields) {
    if (encoded == null || encoded.isEmpty()) {
      return;
    }
    try {
      for (String pair : encoded.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String key = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        fields.put(URLDecoder.decode(key, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    } catch (IllegalArgumentException badEscape) {
      throw new SqsException(SqsError.MALFORMED_QUERY_STRING, "The query string is malformed: " + badEscape.getMessage());
    }
  }

  static ObjectNode toJsonShape(Map<String, String> fields) {
    Map<String, Object> tree = newLevel();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      insert(tree, numbered(field.getKey().split("\\.")), field.getValue());
    }
    return toObject(tree);
  }

  /**
   * Older clients (boto 2 among them) leave out the index of a one-member list:
   * {@code AttributeName=All}, {@code Attribute.Name=X}. SQS takes that as member 1.
   */
  private static String[] numbered(String[] path) {
    boolean flattened = FLATTENED.containsKey(path[0]) || path[0].endsWith(BATCH_ENTRY_SUFFIX);
    if (!flattened || (path.length > 1 && isIndex(path[1]))) {
      return path;
    }
    String[] withIndex = new String[path.length + 1];
    withIndex[0] = path[0];
    withIndex[1] = "1";
    System.arraycopy(path, 1, withIndex, 2, path.length - 1);
    return withIndex;
  }

  /** List positions first and in numeric order, then names in text order. */
  private static final Comparator<String> SEGMENT_ORDER = (left, right) -> {
    boolean leftIndex = isIndex(left);
    boolean rightIndex = isIndex(right);
    if (leftIndex && rightIndex) {
      return Long.compare(Long.parseLong(left), Long.parseLong(right));
    }
    if (leftIndex != rightIndex) {
      return leftIndex ? -1 : 1;
    }
    return left.compareTo(right);
  };

  private static Map<String, Object> newLevel() {
    return new TreeMap<>(SEGMENT_ORDER);
  }

  @SuppressWarnings("unchecked")
  private static void insert(Map<String, Object> tree, String[] path, String value) {
    Map<String, Object> level = tree;
    for (int i = 0; i < path.length - 1; i++) {
      Object next = level.get(path[i]);
      if (!(next instanceof Map)) {
        next = newLevel();
        level.put(path[i], next);
      }
      level = (Map<String, Object>) next;
    }
    String last = path[path.length - 1];
    if (!(level.get(last) instanceof Map)) {
      level.put(last, value);
    }
  }

  @SuppressWarnings("unchecked")
  private static ObjectNode toObject(Map<String, Object> level) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, Object> member : level.entrySet()) {
      String name = member.getKey();
      Object value = member.getValue();
      if (!(value instanceof Map)) {
        object.put(name, (String) value);
        continue;
      }
      Map<String, Object> child = (Map<String, Object>) value;
      Flattened flattened = FLATTENED.get(name);
      if (name.endsWith(BATCH_ENTRY_SUFFIX)) {
        object.set("Entries", toEntryList(child));
      } else if (flattened != null && flattened.isMap()) {
        object.set(flattened.jsonName(), toMap(child, flattened));
      } else if (flattened != null) {
        object.set(flattened.jsonName(), toList(child));
      } else {
        object.set(name, toObject(child));
      }
    }
    return object;
  }

  @SuppressWarnings("unchecked")
  private static ArrayNode toEntryList(Map<String, Object> positions) {
    ArrayNode entries = JsonNodeFactory.instance.arrayNode();
    for (Object entry : positions.values()) {
      if (entry instanceof Map) {
        entries.add(toObject((Map<String, Object>) entry));
      }
    }
    return entries;
  }

  private static ArrayNode toList(Map<String, Object> positions) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (Object item : positions.values()) {
      if (item instanceof String text) {
        list.add(text);
      }
    }
    return list;
  }

  @SuppressWarnings("unchecked")
  private static ObjectNode toMap(Map<String, Object> positions, Flattened flattened) {
    ObjectNode map = JsonNodeFactory.instance.objectNode();
    for (Object entry : positions.values()) {
      if (!(entry instanceof Map)) {
        continue;
      }
      Map<String, Object> pair = (Map<String, Object>) entry;
      if (!(pair.get(flattened.keyField()) instanceof String key)) {
        continue;
      }
      Object value = pair.get(flattened.valueField());
      if (value instanceof String text) {
        map.put(key, text);
      } else if (value instanceof Map) {
        map.set(key, toObject((Map<String, Object>) value));
      } else {
        map.put(key, "");
      }
    }
    return map;
  }

  private static boolean isIndex(String segment) {
    if (segment.isEmpty() || segment.length() > 18) {
      return false;
    }
    for (int i = 0; i < segment.length(); i++) {
      if (!Character.isDigit(segment.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
