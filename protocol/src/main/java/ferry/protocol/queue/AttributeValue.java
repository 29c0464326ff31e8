package ferry.protocol.queue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Arrays;
import java.util.Objects;

/**
 * A typed message attribute: {@code dataType} is {@code String}, {@code Number} or {@code Binary},
 * optionally followed by {@code .label}; exactly one of the two values is set.
 */
public record AttributeValue(String dataType, String stringValue, byte[] binaryValue) {

  public static AttributeValue ofString(String dataType, String value) {
    return new AttributeValue(dataType, value, null);
  }

  public static AttributeValue ofBinary(String dataType, byte[] value) {
    return new AttributeValue(dataType, null, value);
  }

  @JsonIgnore
  public boolean isBinary() {
    return binaryValue != null;
  }

  /** Bytes this attribute counts toward the queue's maximum message size, its name included. */
  public int sizeWithName(String name) {
    int valueSize = isBinary() ? binaryValue.length : Utf8.length(stringValue);
    return Utf8.length(name) + Utf8.length(dataType) + valueSize;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AttributeValue that
        && dataType.equals(that.dataType)
        && Objects.equals(stringValue, that.stringValue)
        && Arrays.equals(binaryValue, that.binaryValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dataType, stringValue, Arrays.hashCode(binaryValue));
  }

  @Override
  public String toString() {
    return dataType + "=" + (isBinary() ? binaryValue.length + " bytes" : stringValue);
  }
}
