package ferry.protocol.queue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
import java.util.TreeMap;

/**
 * A queue's configuration. As a change or a create request, a {@code null} field means "not
 * given"; the settings a queue holds have every numeric field set, {@code fifo} set only on FIFO
 * queues and {@code redrive} only where a dead-letter queue is configured. {@code verbatim} holds
 * the attributes a queue stores and echoes without acting on them (policy, encryption); an
 * empty value in a change removes the key.
 */
public record QueueSettings(
    Integer visibilityTimeoutSeconds,
    Integer delaySeconds,
    Integer retentionSeconds,
    Integer maximumMessageSize,
    Integer receiveWaitSeconds,
    Fifo fifo,
    Redrive redrive,
    Map<String, String> verbatim) {

  public static final QueueSettings DEFAULTS =
      new QueueSettings(30, 0, 345_600, 1_048_576, 0, null, null, Map.of());

  public static final QueueSettings NONE =
      new QueueSettings(null, null, null, null, null, null, null, Map.of());

  public QueueSettings {
    verbatim = verbatim == null ? Map.of() : Map.copyOf(verbatim);
  }

  /**
   * FIFO behaviour; in a change, null fields are not given. Deduplication and throughput are
   * per queue unless the {@code PerGroup} flags say per message group.
   */
  public record Fifo(Boolean contentBasedDeduplication, Boolean deduplicationPerGroup, Boolean throughputPerGroup) {
    public static final Fifo DEFAULTS = new Fifo(false, false, false);

    Fifo overlay(Fifo changes) {
      return new Fifo(
          pick(changes.contentBasedDeduplication, contentBasedDeduplication),
          pick(changes.deduplicationPerGroup, deduplicationPerGroup),
          pick(changes.throughputPerGroup, throughputPerGroup));
    }
  }

  /**
   * Where messages received {@code maxReceiveCount} times go instead of being delivered again.
   * As a change, {@link #REMOVE} takes the redrive policy away.
   */
  public record Redrive(String deadLetterTargetArn, QueueId deadLetterQueue, int maxReceiveCount) {
    public static final Redrive REMOVE = new Redrive(null, null, 0);

    @JsonIgnore
    public boolean isRemoval() {
      return deadLetterQueue == null;
    }
  }

  /**
   * Not {@code isFifo}: Jackson would take that for the getter of the {@code fifo} component and,
   * as it must be ignored, leave {@code fifo} out of every stored event and snapshot, so that a
   * FIFO queue recovered as a standard one.
   */
  public boolean forFifoQueue() {
    return fifo != null;
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
    Fifo mergedFifo = changes.fifo == null ? fifo : fifo == null ? Fifo.DEFAULTS.overlay(changes.fifo) : fifo.overlay(changes.fifo);
    Redrive mergedRedrive = changes.redrive == null ? redrive : changes.redrive.isRemoval() ? null : changes.redrive;
    return new QueueSettings(
        pick(changes.visibilityTimeoutSeconds, visibilityTimeoutSeconds),
        pick(changes.delaySeconds, delaySeconds),
        pick(changes.retentionSeconds, retentionSeconds),
        pick(changes.maximumMessageSize, maximumMessageSize),
        pick(changes.receiveWaitSeconds, receiveWaitSeconds),
        mergedFifo,
        mergedRedrive,
        merged);
  }

  /** Whether every field that {@code requested} gives already has that value here. */
  public boolean agreesWith(QueueSettings requested) {
    return overlay(requested).equals(this);
  }

  private static <T> T pick(T change, T current) {
    return change != null ? change : current;
  }
}
