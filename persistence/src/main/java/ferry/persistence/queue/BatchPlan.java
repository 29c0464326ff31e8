package ferry.persistence.queue;

import ferry.protocol.queue.EntryOutcome;
import ferry.protocol.queue.NewMessage;
import ferry.protocol.queue.QueueEvent;
import ferry.protocol.queue.QueueEvent.Claim;
import ferry.protocol.queue.QueueEvent.SentMessage;
import ferry.protocol.queue.QueueOp;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.QueueSettings;
import ferry.protocol.queue.ReceiptHandle;
import ferry.protocol.queue.ReceivedMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
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
    List<String> messageIds = new ArrayList<>(op.messages().size());
    for (NewMessage message : op.messages()) {
      if (message.size() > settings.maximumMessageSize()) {
        messageIds.add(null);
        continue;
      }
      int delaySeconds = message.delaySeconds() != null ? message.delaySeconds() : settings.delaySeconds();
      String messageId = MessageIds.next();
      sent.add(new SentMessage(nextSeq++, messageId, message.body(), message.attributes(),
          message.systemAttributes(), op.senderId(), message.groupId(), now,
          now + delaySeconds * 1000L));
      messageIds.add(messageId);
      if (delaySeconds == 0) {
        madeMessagesVisible = true;
      }
    }
    answers.add(new Answer(op.replyTo(), new QueueReply.Sent(messageIds, settings.maximumMessageSize())));
  }

  /** Claims visible messages for the receive; false, with no answer given, when there are none. */
  boolean receive(QueueOp.Receive op) {
    if (state.messages().inFlightCount() + claims.size() >= QueueReply.IN_FLIGHT_LIMIT) {
      answers.add(new Answer(op.replyTo(), new QueueReply.Rejected(QueueReply.Reason.IN_FLIGHT_LIMIT)));
      return true;
    }
    int visibilitySeconds = op.visibilityTimeoutSeconds() != null
        ? op.visibilityTimeoutSeconds() : settings.visibilityTimeoutSeconds();
    if (visibleCursor == null) {
      visibleCursor = state.messages().visibleOldestFirst();
    }
    List<ReceivedMessage> received = new ArrayList<>();
    while (received.size() < op.maxMessages() && visibleCursor.hasNext()) {
      StoredMessage message = visibleCursor.next();
      if (deletedSeqs.contains(message.seq) || !taken.add(message.seq)) {
        continue;
      }
      int receiveCount = message.receiveCount + 1;
      claims.add(new Claim(message.seq, now + visibilitySeconds * 1000L));
      received.add(new ReceivedMessage(
          message.messageId(),
          new ReceiptHandle(state.incarnation(), message.seq, receiveCount).encode(),
          message.body,
          message.attributes,
          message.systemAttributes,
          message.senderId,
          message.groupId,
          message.sentAt,
          message.firstReceivedAt == 0 ? now : message.firstReceivedAt,
          receiveCount));
    }
    if (received.isEmpty()) {
      return false;
    }
    answers.add(new Answer(op.replyTo(), new QueueReply.Received(received)));
    return true;
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
      events.add(new QueueEvent.MessagesReceived(claims, now));
    }
    if (!deleted.isEmpty()) {
      events.add(new QueueEvent.MessagesDeleted(deleted));
    }
    if (!visibilityChanges.isEmpty()) {
      events.add(new QueueEvent.VisibilityChanged(visibilityChanges));
    }
    return events;
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
