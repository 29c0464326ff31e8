package ferry.protocol.queue;

import java.util.Map;
import java.util.TreeMap;

/**
 * A queue's configuration. As a change or a create request, a {@code null} field means "not
 * given"; the settings a queue holds always have every field set. {@code verbatim} holds the
 * attributes a queue stores and echoes without acting on them (policy, encryption, redrive); an
 * empty value in a change removes the key.
 */
public record QueueSettings(
    Integer visibilityTimeoutSeconds,
    Integer delaySeconds,
    Integer retentionSeconds,
    Integer maximumMessageSize,
    Integer receiveWaitSeconds,
    Map<String, String> verbatim) {

  public static final QueueSettings DEFAULTS =
      new QueueSettings(30, 0, 345_600, 1_048_576, 0, Map.of());

  public static final QueueSettings NONE =
      new QueueSettings(null, null, null, null, null, Map.of());

  public QueueSettings {
    verbatim = verbatim == null ? Map.of() : Map.copyOf(verbatim);
  }

  /** These settings with every field that {@code changes} gives replaced. */
  public QueueSettings overlay(QueueSettings changes) {
    Map<String, String> merged = new TreeMap<>(verbatim);
    changes.verbatim.forEach((key, value) -> {
      if (value.isEmpty()) {
        merged.remove(key);
      } else {
        merged.put(key, value);
      }
    });
    return new QueueSettings(
        pick(changes.visibilityTimeoutSeconds, visibilityTimeoutSeconds),
        pick(changes.delaySeconds, delaySeconds),
        pick(changes.retentionSeconds, retentionSeconds),
        pick(changes.maximumMessageSize, maximumMessageSize),
        pick(changes.receiveWaitSeconds, receiveWaitSeconds),
        merged);
  }

  /** Whether every field that {@code requested} gives already has that value here. */
  public boolean agreesWith(QueueSettings requested) {
    return overlay(requested).equals(this);
  }

  private static Integer pick(Integer change, Integer current) {
    return change != null ? change : current;
  }
}
