package ferry.persistence.queue;

import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The message groups of a FIFO queue: each group's visible messages in order, how many of its
 * messages are in flight, and — ordered by their oldest message — the groups a receive may take
 * from, which are those with visible messages and none in flight. A receive thus finds its next
 * group in logarithmic time however many messages wait behind a group that is in flight.
 */
final class FifoGroups {
  private static final Comparator<StoredMessage> BY_SEQ = Comparator.comparingLong(m -> m.seq);

  private final Map<String, NavigableSet<StoredMessage>> visibleByGroup = new HashMap<>();
  private final Map<String, Integer> inFlightByGroup = new HashMap<>();
  /** The oldest visible message of each group that has nothing in flight. */
  private final NavigableSet<StoredMessage> availableHeads = new TreeSet<>(BY_SEQ);
  private final Map<String, StoredMessage> headOfGroup = new HashMap<>();

  void becameVisible(StoredMessage message) {
    visibleByGroup.computeIfAbsent(message.groupId, group -> new TreeSet<>(BY_SEQ)).add(message);
    refreshHead(message.groupId);
  }

  void stoppedBeingVisible(StoredMessage message) {
    NavigableSet<StoredMessage> visible = visibleByGroup.get(message.groupId);
    if (visible != null) {
      visible.remove(message);
      if (visible.isEmpty()) {
        visibleByGroup.remove(message.groupId);
      }
    }
    refreshHead(message.groupId);
  }

  void wentInFlight(StoredMessage message) {
    inFlightByGroup.merge(message.groupId, 1, Integer::sum);
    refreshHead(message.groupId);
  }

  void cameOutOfFlight(StoredMessage message) {
    inFlightByGroup.computeIfPresent(message.groupId, (group, count) -> count == 1 ? null : count - 1);
    refreshHead(message.groupId);
  }

  void clear() {
    visibleByGroup.clear();
    inFlightByGroup.clear();
    availableHeads.clear();
    headOfGroup.clear();
  }

  /** Heads of the groups a receive may take from, oldest first. */
  Iterator<StoredMessage> availableGroupHeads() {
    return availableHeads.iterator();
  }

  /** A group's visible messages, oldest first. */
  Iterator<StoredMessage> visibleOf(String groupId) {
    NavigableSet<StoredMessage> visible = visibleByGroup.get(groupId);
    return visible == null ? Collections.emptyIterator() : visible.iterator();
  }

  private void refreshHead(String groupId) {
    StoredMessage previous = headOfGroup.remove(groupId);
    if (previous != null) {
      availableHeads.remove(previous);
    }
    NavigableSet<StoredMessage> visible = visibleByGroup.get(groupId);
    if (visible != null && !inFlightByGroup.containsKey(groupId)) {
      StoredMessage head = visible.first();
      headOfGroup.put(groupId, head);
      availableHeads.add(head);
    }
  }
}
