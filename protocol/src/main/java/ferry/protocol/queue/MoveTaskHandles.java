package ferry.protocol.queue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Task handles name the dead-letter queue that runs the task, so that a cancel, which carries
 * only the handle, finds it: base64url of {@code <queue entity id>|<task id>}.
 */
public final class MoveTaskHandles {
  private MoveTaskHandles() {}

  public static String newHandle(QueueId queue) {
    String raw = queue.entityId() + "|" + UUID.randomUUID();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The queue whose task a handle names; empty for strings that are no handle of ours. */
  public static Optional<QueueId> queueOf(String handle) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(handle), StandardCharsets.UTF_8);
      int bar = raw.lastIndexOf('|');
      return bar < 0 ? Optional.empty() : Optional.of(QueueId.fromEntityId(raw.substring(0, bar)));
    } catch (IllegalArgumentException notOurs) {
      return Optional.empty();
    }
  }
}
