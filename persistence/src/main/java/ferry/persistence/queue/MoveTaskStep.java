package ferry.persistence.queue;

import ferry.protocol.queue.MoveTask;
import ferry.protocol.queue.QueueEvent.SentMessage;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.Transfer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One second's work of a running move task: the next visible messages, oldest first, at most
 * the task's rate, handed over in transfers of at most {@link #MESSAGES_PER_TRANSFER} to the
 * task's destination or each to the queue it was dead-lettered from.
 */
final class MoveTaskStep {
  static final int MESSAGES_PER_TRANSFER = 100;
  /** The pace of a task that gave none, and the most any task moves in a second, as on SQS. */
  static final int MAX_PER_SECOND = 500;

  /** What the step found: transfers to store, or that the task is done or cannot go on. */
  record Outcome(List<Transfer> transfers, boolean complete, String failure) {}

  private MoveTaskStep() {}

  static Outcome next(QueueState state, MoveTask task) {
    long remaining = task.toMove() - task.moved();
    int budget = (int) Math.min(remaining, task.maxPerSecond() != null ? task.maxPerSecond() : MAX_PER_SECOND);
    Map<QueueId, List<SentMessage>> byDestination = new LinkedHashMap<>();
    Iterator<StoredMessage> visible = state.messages().visibleOldestFirst();
    int taken = 0;
    while (taken < budget && visible.hasNext()) {
      StoredMessage message = visible.next();
      QueueId destination = task.destination() != null ? task.destination() : message.deadLetterSource;
      if (destination == null) {
        return new Outcome(List.of(), false, "Message " + message.messageId()
            + " was not dead-lettered from any queue, so it has no source to move back to.");
      }
      byDestination.computeIfAbsent(destination, queue -> new ArrayList<>()).add(message.asSent());
      taken++;
    }
    if (taken == 0) {
      return new Outcome(List.of(), true, null);
    }
    List<Transfer> transfers = new ArrayList<>();
    long transferSeq = state.nextTransferSeq();
    for (Map.Entry<QueueId, List<SentMessage>> destination : byDestination.entrySet()) {
      List<SentMessage> messages = destination.getValue();
      for (int from = 0; from < messages.size(); from += MESSAGES_PER_TRANSFER) {
        transfers.add(new Transfer(transferSeq++, destination.getKey(),
            List.copyOf(messages.subList(from, Math.min(messages.size(), from + MESSAGES_PER_TRANSFER))),
            false, task.handle()));
      }
    }
    return new Outcome(transfers, false, null);
  }
}
