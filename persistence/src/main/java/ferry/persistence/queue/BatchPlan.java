package ferry.persistence.queue;

import ferry.protocol.RandomIds;
import ferry.protocol.queue.EntryOutcome;
import ferry.protocol.queue.NewMessage;
import ferry.protocol.queue.QueueEvent;
import ferry.protocol.queue.QueueEvent.Claim;
import ferry.protocol.queue.QueueEvent.SentMessage;
import ferry.protocol.queue.QueueOp;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.QueueReply.SendOutcome;
import ferry.protocol.queue.QueueReply.SendRefusal;
import ferry.protocol.queue.QueueSettings;
import ferry.protocol.queue.ReceiptHandle;
import ferry.protocol.queue.ReceivedMessage;
import ferry.protocol.queue.Transfer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Works out, for one batch of ops against the queue as it stands, the events to store and the
 * answer each op gets once they are stored. Nothing is applied here: ops later in a batch see
 * earlier ones through the sets of messages already taken or deleted.
 */
final class BatchPlan {
  /** A visibility change may keep a message hidden for at most 12 hours after its receive. */
  static final long MAX_INVISIBLE_MILLIS = 12 * 3600 * 1000L;

  record Answer(ActorRef<QueueReply> to, QueueReply reply) {}

  private final QueueState state;
  private final QueueSettings settings;
  private final long now;
  private long nextSeq;
  private final List<SentMessage> sent = new ArrayList<>();
  private final List<Claim> claims = new ArrayList<>();
  /** Receives that gave an attempt id are stored as events of their own, so a retry finds them. */
  private final List<QueueEvent.MessagesReceived> attemptedReceives = new ArrayList<>();
  /** Deduplication keys of FIFO messages sent earlier in this batch. */
  private final Map<String, SendOutcome> sentKeys = new HashMap<>();
  /** FIFO groups a receive of this batch took messages from: they are in flight now. */
  private final Set<String> lockedGroups = new HashSet<>();
  /** Messages received too often under the queue's redrive policy: they go to its dead-letter queue. */
  private final List<SentMessage> deadLettered = new ArrayList<>();
  private final List<Long> deleted = new ArrayList<>();
  private final List<Claim> visibilityChanges = new ArrayList<>();
  private final Set<Long> taken = new HashSet<>();
  private final Set<Long> deletedSeqs = new HashSet<>();
  private final List<Answer> answers = new ArrayList<>();
  private Iterator<StoredMessage> visibleCursor;
  private boolean madeMessagesVisible;

  BatchPlan(QueueState state, long now) {
    this.state = state;
    this.settings = state.settings();
    this.now = now;
    this.nextSeq = state.nextSeq();
  }

  void send(QueueOp.Send op) {
    List<SendOutcome> outcomes = new ArrayList<>(op.messages().size());
    for (NewMessage message : op.messages()) {
      outcomes.add(send(message, op.senderId()));
    }
    answers.add(new Answer(op.replyTo(), new QueueReply.Sent(outcomes, settings.maximumMessageSize())));
  }

  private SendOutcome send(NewMessage message, String senderId) {
    if (message.size() > settings.maximumMessageSize()) {
      return SendOutcome.refused(SendRefusal.TOO_LARGE);
    }
    String deduplicationId = null;
    String deduplicationKey = null;
    if (state.isFifo()) {
      deduplicationId = message.deduplicationId() != null ? message.deduplicationId()
          : settings.fifo().contentBasedDeduplication() ? ContentHash.sha256Hex(message.body()) : null;
      if (deduplicationId == null) {
        return SendOutcome.refused(SendRefusal.NO_DEDUPLICATION_ID);
      }
      deduplicationKey = state.deduplicationKey(message.groupId(), deduplicationId);
      FifoMemory.Deduplicated original = state.fifoMemory().deduplicated(deduplicationKey);
      if (original != null) {
        return SendOutcome.stored(original.messageId(), original.seq());
      }
      if (sentKeys.containsKey(deduplicationKey)) {
        return sentKeys.get(deduplicationKey);
      }
    }
    int delaySeconds = message.delaySeconds() != null ? message.delaySeconds() : settings.delaySeconds();
    long seq = nextSeq++;
    String messageId = RandomIds.next();
    sent.add(new SentMessage(seq, messageId, message.body(), message.attributes(),
        message.systemAttributes(), senderId, message.groupId(), now, now + delaySeconds * 1000L,
        deduplicationId, null));
    if (delaySeconds == 0) {
      madeMessagesVisible = true;
    }
    SendOutcome stored = SendOutcome.stored(messageId, seq);
    if (deduplicationKey != null) {
      sentKeys.put(deduplicationKey, stored);
    }
    return stored;
  }

  /** Claims visible messages for the receive; false, with no answer given, when there are none. */
  boolean receive(QueueOp.Receive op) {
    if (state.messages().inFlightCount() + claims.size() >= QueueReply.IN_FLIGHT_LIMIT) {
      // a standard queue refuses the receive; a FIFO queue just has nothing to give, as on SQS
      if (state.isFifo()) {
        return false;
      }
      answers.add(new Answer(op.replyTo(), new QueueReply.Rejected(QueueReply.Reason.IN_FLIGHT_LIMIT)));
      return true;
    }
    long visibleAt = now + 1000L * (op.visibilityTimeoutSeconds() != null
        ? op.visibilityTimeoutSeconds() : settings.visibilityTimeoutSeconds());
    if (state.isFifo() && op.attemptId() != null && repeatAttempt(op, visibleAt)) {
      return true;
    }
    List<StoredMessage> chosen = state.isFifo() ? chooseFifo(op.maxMessages()) : chooseOldest(op.maxMessages());
    if (chosen.isEmpty()) {
      return false;
    }
    List<Claim> receiveClaims = state.isFifo() && op.attemptId() != null ? new ArrayList<>() : claims;
    List<ReceivedMessage> received = new ArrayList<>(chosen.size());
    for (StoredMessage message : chosen) {
      receiveClaims.add(new Claim(message.seq, visibleAt));
      received.add(received(message, message.receiveCount + 1));
    }
    if (receiveClaims != claims) {
      attemptedReceives.add(new QueueEvent.MessagesReceived(receiveClaims, now, op.attemptId()));
    }
    answers.add(new Answer(op.replyTo(), new QueueReply.Received(received)));
    return true;
  }

  private List<StoredMessage> chooseOldest(int max) {
    if (visibleCursor == null) {
      visibleCursor = state.messages().visibleOldestFirst();
    }
    List<StoredMessage> chosen = new ArrayList<>();
    while (chosen.size() < max && visibleCursor.hasNext()) {
      StoredMessage message = visibleCursor.next();
      if (!deletedSeqs.contains(message.seq) && taken.add(message.seq) && !deadLettered(message)) {
        chosen.add(message);
      }
    }
    return chosen;
  }

  /**
   * Whole message groups in the order of their oldest message, each from its oldest visible
   * message on; a group with a message in flight (or taken earlier in this batch) is passed by.
   */
  private List<StoredMessage> chooseFifo(int max) {
    FifoGroups groups = state.messages().groups();
    List<StoredMessage> chosen = new ArrayList<>();
    Iterator<StoredMessage> heads = groups.availableGroupHeads();
    while (chosen.size() < max && heads.hasNext()) {
      String group = heads.next().groupId;
      if (lockedGroups.contains(group)) {
        continue;
      }
      Iterator<StoredMessage> inGroup = groups.visibleOf(group);
      while (chosen.size() < max && inGroup.hasNext()) {
        StoredMessage message = inGroup.next();
        if (!deletedSeqs.contains(message.seq) && taken.add(message.seq) && !deadLettered(message)) {
          chosen.add(message);
        }
      }
      lockedGroups.add(group);
    }
    return chosen;
  }

  /**
   * Under a redrive policy, a message already received {@code maxReceiveCount} times is handed
   * to the dead-letter queue by the receive that finds it, instead of being delivered again.
   */
  private boolean deadLettered(StoredMessage message) {
    QueueSettings.Redrive redrive = settings.redrive();
    if (redrive == null || message.receiveCount < redrive.maxReceiveCount()) {
      return false;
    }
    deadLettered.add(message.asSent());
    return true;
  }

  /**
   * A FIFO receive retried with the same attempt id gets the same messages and handles, with
   * their visibility timeout started again, as long as none of them was received or deleted since.
   */
  private boolean repeatAttempt(QueueOp.Receive op, long visibleAt) {
    FifoMemory.Attempt attempt = state.fifoMemory().attempt(op.attemptId());
    if (attempt == null) {
      return false;
    }
    List<StoredMessage> same = new ArrayList<>();
    for (long seq : attempt.seqs()) {
      StoredMessage message = state.messages().get(seq);
      if (message == null || message.lastReceivedAt != attempt.receivedAt() || deletedSeqs.contains(seq)
          || taken.contains(seq)) {
        return false;
      }
      same.add(message);
    }
    List<ReceivedMessage> received = new ArrayList<>(same.size());
    for (StoredMessage message : same) {
      taken.add(message.seq);
      lockedGroups.add(message.groupId);
      visibilityChanges.add(new Claim(message.seq, visibleAt));
      received.add(received(message, message.receiveCount));
    }
    answers.add(new Answer(op.replyTo(), new QueueReply.Received(received)));
    return true;
  }

  private ReceivedMessage received(StoredMessage message, int receiveCount) {
    return new ReceivedMessage(
        message.messageId(),
        new ReceiptHandle(state.incarnation(), message.seq, receiveCount).encode(),
        message.body,
        message.attributes,
        message.systemAttributes,
        message.senderId,
        message.groupId,
        message.deduplicationId,
        message.seq,
        message.sentAt,
        message.firstReceivedAt == 0 ? now : message.firstReceivedAt,
        receiveCount,
        message.deadLetterSource);
  }

  void answerEmpty(ActorRef<QueueReply> replyTo) {
    answers.add(new Answer(replyTo, new QueueReply.Received(List.of())));
  }

  void delete(QueueOp.DeleteMessages op) {
    List<EntryOutcome> outcomes = new ArrayList<>(op.handles().size());
    for (ReceiptHandle handle : op.handles()) {
      if (handle.incarnation() != state.incarnation()) {
        outcomes.add(EntryOutcome.INVALID_HANDLE);
        continue;
      }
      // Deleting a message that is already gone succeeds, as it does on SQS.
      if (state.messages().get(handle.seq()) != null && deletedSeqs.add(handle.seq())) {
        deleted.add(handle.seq());
      }
      outcomes.add(EntryOutcome.OK);
    }
    answers.add(new Answer(op.replyTo(), new QueueReply.EntriesDone(outcomes)));
  }

  void changeVisibility(QueueOp.ChangeVisibility op) {
    List<EntryOutcome> outcomes = new ArrayList<>(op.changes().size());
    for (QueueOp.VisibilityChange change : op.changes()) {
      outcomes.add(changeVisibility(change));
    }
    answers.add(new Answer(op.replyTo(), new QueueReply.EntriesDone(outcomes)));
  }

  private EntryOutcome changeVisibility(QueueOp.VisibilityChange change) {
    ReceiptHandle handle = change.handle();
    if (handle.incarnation() != state.incarnation()) {
      return EntryOutcome.INVALID_HANDLE;
    }
    StoredMessage message = state.messages().get(handle.seq());
    if (message == null || deletedSeqs.contains(handle.seq())) {
      return EntryOutcome.MESSAGE_GONE;
    }
    if (!message.inFlight()) {
      return EntryOutcome.NOT_IN_FLIGHT;
    }
    long visibleAt = now + change.timeoutSeconds() * 1000L;
    if (visibleAt - message.lastReceivedAt > MAX_INVISIBLE_MILLIS) {
      return EntryOutcome.VISIBILITY_LIMIT_EXCEEDED;
    }
    visibilityChanges.add(new Claim(handle.seq(), visibleAt));
    if (change.timeoutSeconds() == 0) {
      madeMessagesVisible = true;
    }
    return EntryOutcome.OK;
  }

  List<QueueEvent> events() {
    List<QueueEvent> events = new ArrayList<>(4);
    if (!sent.isEmpty()) {
      events.add(new QueueEvent.MessagesSent(sent));
    }
    if (!claims.isEmpty()) {
      events.add(new QueueEvent.MessagesReceived(claims, now, null));
    }
    events.addAll(attemptedReceives);
    if (!deadLettered.isEmpty()) {
      events.add(new QueueEvent.MessagesHandedOver(List.of(new Transfer(state.nextTransferSeq(),
          settings.redrive().deadLetterQueue(), deadLettered, true, null))));
    }
    if (!deleted.isEmpty()) {
      events.add(new QueueEvent.MessagesDeleted(deleted));
    }
    if (!visibilityChanges.isEmpty()) {
      events.add(new QueueEvent.VisibilityChanged(visibilityChanges));
    }
    return events;
  }

  /** Whether this batch hands messages over to a dead-letter queue. */
  boolean handsOver() {
    return !deadLettered.isEmpty();
  }

  /** Whether, once stored, this batch leaves messages visible that parked receives may want. */
  boolean madeMessagesVisible() {
    return madeMessagesVisible;
  }

  void answerAll() {
    for (Answer answer : answers) {
      answer.to().tell(answer.reply());
    }
  }
}
