package ferry.protocol;

/**
 * Marker for every message that crosses nodes or is written to the journal. Bound to Pekko's
 * {@code jackson-cbor} serializer in {@code reference.conf}; Java serialization stays off.
 */
public interface CborSerializable {}
