package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one SQS request in the JSON protocol's shape, whichever protocol carried
 * them (Query parameters are reshaped by {@link QueryParameters}). Query values are all strings,
 * so numbers and booleans are accepted as JSON values or as their text.
 */
final class SqsParams {
  private final ObjectNode node;

  SqsParams(ObjectNode node) {
    this.node = node;
  }

  boolean has(String name) {
    JsonNode value = node.get(name);
    return value != null && !value.isNull();
  }

  String string(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode()) {
      throw SqsException.invalid(name, value, "must be a string");
    }
    return value.asText();
  }

  String requiredString(String name) {
    String value = string(name);
    if (value == null || value.isEmpty()) {
      throw SqsException.missing(name);
    }
    return value;
  }

  Integer integer(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return value.intValue();
    }
    if (value.isTextual()) {
      try {
        return Integer.parseInt(value.asText().trim());
      } catch (NumberFormatException notANumber) {
        // reported below
      }
    }
    throw SqsException.invalid(name, value.asText(), "must be an integer");
  }

  /** An integer within {@code [min, max]}, or null when absent. */
  Integer integerBetween(String name, int min, int max) {
    Integer value = integer(name);
    if (value != null && (value < min || value > max)) {
      throw SqsException.invalid(name, value, "Must be between " + min + " and " + max + ", if provided.");
    }
    return value;
  }

  Map<String, String> stringMap(String name) {
    JsonNode value = node.get(name);
    Map<String, String> map = new LinkedHashMap<>();
    if (value == null || value.isNull()) {
      return map;
    }
    if (!value.isObject()) {
      throw SqsException.invalid(name, value, "must be a map of strings");
    }
    value.fields().forEachRemaining(entry -> {
      if (!entry.getValue().isValueNode()) {
        throw SqsException.invalid(name, entry.getKey(), "values must be strings");
      }
      map.put(entry.getKey(), entry.getValue().asText());
    });
    return map;
  }

  List<String> stringList(String name) {
    JsonNode value = node.get(name);
    List<String> list = new ArrayList<>();
    if (value == null || value.isNull()) {
      return list;
    }
    if (!value.isArray()) {
      throw SqsException.invalid(name, value, "must be a list of strings");
    }
    for (JsonNode item : value) {
      if (!item.isValueNode()) {
        throw SqsException.invalid(name, item, "must be a list of strings");
      }
      list.add(item.asText());
    }
    return list;
  }

  Map<String, SqsParams> objectMap(String name) {
    JsonNode value = node.get(name);
    Map<String, SqsParams> map = new LinkedHashMap<>();
    if (value == null || value.isNull()) {
      return map;
    }
    if (!value.isObject()) {
      throw SqsException.invalid(name, value, "must be a map");
    }
    value.fields().forEachRemaining(entry -> {
      if (!entry.getValue().isObject()) {
        throw SqsException.invalid(name, entry.getKey(), "values must be structures");
      }
      map.put(entry.getKey(), new SqsParams((ObjectNode) entry.getValue()));
    });
    return map;
  }

  List<SqsParams> objectList(String name) {
    JsonNode value = node.get(name);
    List<SqsParams> list = new ArrayList<>();
    if (value == null || value.isNull()) {
      return list;
    }
    if (!value.isArray()) {
      throw SqsException.invalid(name, value, "must be a list");
    }
    for (JsonNode item : value) {
      if (!item.isObject()) {
        throw SqsException.invalid(name, item, "must be a list of structures");
      }
      list.add(new SqsParams((ObjectNode) item));
    }
    return list;
  }
}
