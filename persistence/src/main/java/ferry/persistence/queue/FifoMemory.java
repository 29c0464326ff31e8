package ferry.persistence.queue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * What a FIFO queue remembers for five minutes: the deduplication ids of messages sent (a
 * repeat is answered with the original's id and not stored), and receive attempt ids (a retried
 * receive gets the same messages). Entries are kept in the order they were made, so expiry
 * only looks at the oldest.
 */
final class FifoMemory {
  static final long WINDOW_MILLIS = 5 * 60 * 1000L;

  /** The message a deduplication id stands for. */
  record Deduplicated(String messageId, long seq, long sentAt) {}

  /** The messages a receive attempt got. */
  record Attempt(List<Long> seqs, long receivedAt) {}

  private final LinkedHashMap<String, Deduplicated> deduplicated = new LinkedHashMap<>();
  private final LinkedHashMap<String, Attempt> attempts = new LinkedHashMap<>();

  /** The key a deduplication id is remembered under: per queue, or per message group. */
  static String key(boolean perGroup, String groupId, String deduplicationId) {
    return perGroup ? groupId + '\u0000' + deduplicationId : deduplicationId;
  }

  Deduplicated deduplicated(String key) {
    return deduplicated.get(key);
  }

  void rememberSent(String key, Deduplicated sent) {
    deduplicated.putIfAbsent(key, sent);
  }

  Attempt attempt(String attemptId) {
    return attempts.get(attemptId);
  }

  void rememberAttempt(String attemptId, Attempt attempt) {
    attempts.remove(attemptId);
    attempts.put(attemptId, attempt);
  }

  /** Forgets what is older than the window at {@code now}. */
  void expire(long now) {
    expire(deduplicated.values().iterator(), sent -> sent.sentAt(), now);
    expire(attempts.values().iterator(), attempt -> attempt.receivedAt(), now);
  }

  private static <T> void expire(Iterator<T> oldestFirst, ToLongFunction<T> madeAt, long now) {
    while (oldestFirst.hasNext()) {
      if (madeAt.applyAsLong(oldestFirst.next()) + WINDOW_MILLIS > now) {
        return;
      }
      oldestFirst.remove();
    }
  }

  /** Snapshot form: deduplication keys and attempts, oldest first. */
  record Snapshot(List<DeduplicationEntry> deduplicated, List<AttemptEntry> attempts) {}

  record DeduplicationEntry(String key, Deduplicated sent) {}

  record AttemptEntry(String attemptId, Attempt attempt) {}

  Snapshot toSnapshot() {
    List<DeduplicationEntry> sent = new ArrayList<>();
    deduplicated.forEach((key, value) -> sent.add(new DeduplicationEntry(key, value)));
    List<AttemptEntry> received = new ArrayList<>();
    attempts.forEach((id, attempt) -> received.add(new AttemptEntry(id, attempt)));
    return new Snapshot(sent, received);
  }

  static FifoMemory fromSnapshot(Snapshot snapshot) {
    FifoMemory memory = new FifoMemory();
    if (snapshot != null) {
      snapshot.deduplicated().forEach(entry -> memory.deduplicated.put(entry.key(), entry.sent()));
      snapshot.attempts().forEach(entry -> memory.attempts.put(entry.attemptId(), entry.attempt()));
    }
    return memory;
  }
}
