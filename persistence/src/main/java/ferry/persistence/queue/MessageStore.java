package ferry.persistence.queue;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The live messages of one queue, indexed for the three questions a queue asks: which message
 * has this sequence number (delete, visibility change), which messages are visible now, oldest
 * first (receive), and which hidden message becomes visible next (long-poll wake-ups).
 *
 * <p>Time never changes the store by itself: {@link #settle} moves messages whose visibility
 * time has come into the visible set and drops those past retention. Both are functions of the
 * clock alone, so doing them lazily changes nothing a client can observe.
 */
final class MessageStore {
  private static final Comparator<StoredMessage> BY_SEQ = Comparator.comparingLong(m -> m.seq);
  private static final Comparator<StoredMessage> BY_VISIBLE_AT =
      Comparator.<StoredMessage>comparingLong(m -> m.visibleAt).thenComparingLong(m -> m.seq);

  private final TreeMap<Long, StoredMessage> bySeq = new TreeMap<>();
  private final NavigableSet<StoredMessage> visible = new TreeSet<>(BY_SEQ);
  private final NavigableSet<StoredMessage> hidden = new TreeSet<>(BY_VISIBLE_AT);
  private int hiddenInFlight;
  /** Present on FIFO queues only. */
  private final FifoGroups groups;

  MessageStore(boolean fifo) {
    this.groups = fifo ? new FifoGroups() : null;
  }

  /** The message groups of a FIFO queue; null on a standard queue. */
  FifoGroups groups() {
    return groups;
  }

  void add(StoredMessage message) {
    bySeq.put(message.seq, message);
    place(message, message.visibleAt > message.sentAt);
  }

  StoredMessage get(long seq) {
    return bySeq.get(seq);
  }

  /** Drops messages older than {@code retentionMillis} and makes visible what is due by {@code now}. */
  void settle(long now, long retentionMillis) {
    Map.Entry<Long, StoredMessage> oldest;
    while ((oldest = bySeq.firstEntry()) != null && oldest.getValue().sentAt + retentionMillis <= now) {
      remove(oldest.getKey());
    }
    while (!hidden.isEmpty() && hidden.first().visibleAt <= now) {
      StoredMessage due = hidden.first();
      unplace(due);
      place(due, false);
    }
  }

  /** Visible messages, oldest first, as of the last {@link #settle}. */
  Iterator<StoredMessage> visibleOldestFirst() {
    return visible.iterator();
  }

  /** Counts a receive: the message stays invisible until {@code visibleAt}. */
  void claim(long seq, long visibleAt, long receivedAt) {
    StoredMessage message = bySeq.get(seq);
    if (message == null) {
      return;
    }
    unplace(message);
    message.receiveCount++;
    if (message.firstReceivedAt == 0) {
      message.firstReceivedAt = receivedAt;
    }
    message.lastReceivedAt = receivedAt;
    message.visibleAt = visibleAt;
    place(message, true);
  }

  void changeVisibility(long seq, long visibleAt) {
    StoredMessage message = bySeq.get(seq);
    if (message == null) {
      return;
    }
    unplace(message);
    message.visibleAt = visibleAt;
    place(message, true);
  }

  void remove(long seq) {
    StoredMessage message = bySeq.remove(seq);
    if (message != null) {
      unplace(message);
    }
  }

  void clear() {
    bySeq.clear();
    visible.clear();
    hidden.clear();
    hiddenInFlight = 0;
    if (groups != null) {
      groups.clear();
    }
  }

  /** When the next hidden message becomes visible, or {@code Long.MAX_VALUE} if none is hidden. */
  long nextVisibleAt() {
    return hidden.isEmpty() ? Long.MAX_VALUE : hidden.first().visibleAt;
  }

  int visibleCount() {
    return visible.size();
  }

  int inFlightCount() {
    return hiddenInFlight;
  }

  int delayedCount() {
    return hidden.size() - hiddenInFlight;
  }

  int size() {
    return bySeq.size();
  }

  /** Every message, oldest first, for the snapshot copy taken on the entity's thread (a view, not a copy). */
  Collection<StoredMessage> all() {
    return Collections.unmodifiableCollection(bySeq.values());
  }

  private void place(StoredMessage message, boolean hide) {
    message.hidden = hide;
    if (hide) {
      hidden.add(message);
      if (message.receiveCount > 0) {
        hiddenInFlight++;
        if (groups != null) {
          groups.wentInFlight(message);
        }
      }
    } else {
      visible.add(message);
      if (groups != null) {
        groups.becameVisible(message);
      }
    }
  }

  private void unplace(StoredMessage message) {
    if (message.hidden) {
      hidden.remove(message);
      if (message.receiveCount > 0) {
        hiddenInFlight--;
        if (groups != null) {
          groups.cameOutOfFlight(message);
        }
      }
    } else {
      visible.remove(message);
      if (groups != null) {
        groups.stoppedBeingVisible(message);
      }
    }
  }
}
