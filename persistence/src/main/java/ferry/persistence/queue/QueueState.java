package ferry.persistence.queue;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import ferry.protocol.CborSerializable;
import ferry.protocol.queue.AttributeValue;
import ferry.protocol.queue.MoveTask;
import ferry.protocol.queue.QueueEvent;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueEvent.Claim;
import ferry.protocol.queue.QueueEvent.SentMessage;
import ferry.protocol.queue.QueueSettings;
import ferry.protocol.queue.Transfer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Everything a queue entity knows, rebuilt from its events: lifecycle, settings, tags and live
 * messages. Mutable for compactness; only {@link #apply} changes what it means, while
 * {@link #settle} only re-sorts it by the clock. Snapshots store a {@link Snapshot} copy.
 */
final class QueueState implements CborSerializable {

  enum Status { ABSENT, ACTIVE, DELETED }

  private Status status = Status.ABSENT;
  private QueueSettings settings = QueueSettings.DEFAULTS;
  private final Map<String, String> tags = new TreeMap<>();
  private long createdAt;
  private long lastModifiedAt;
  private long deletedAt;
  private long lastPurgedAt;
  private long nextSeq = 1;
  private MessageStore messages = new MessageStore(false);
  private FifoMemory fifoMemory = new FifoMemory();
  /** Transfers stored and not yet taken by their destination, in order. */
  private final TreeMap<Long, Transfer> outbox = new TreeMap<>();
  private long nextTransferSeq = 1;
  /** Per sending queue (by entity id), the last of its transfers this queue stored. */
  private final Map<String, Long> adoptedTransfers = new HashMap<>();
  /** The most recent move tasks, newest first. */
  private final List<MoveTask> moveTasks = new ArrayList<>();
  static final int MOVE_TASKS_KEPT = 10;

  static QueueState absent() {
    return new QueueState();
  }

  boolean isActive() {
    return status == Status.ACTIVE;
  }

  Status status() {
    return status;
  }

  QueueSettings settings() {
    return settings;
  }

  Map<String, String> tags() {
    return tags;
  }

  long createdAt() {
    return createdAt;
  }

  /** Receipt handles carry this, so that handles of an earlier queue of the same name are refused. */
  long incarnation() {
    return createdAt;
  }

  long lastModifiedAt() {
    return lastModifiedAt;
  }

  long deletedAt() {
    return deletedAt;
  }

  long lastPurgedAt() {
    return lastPurgedAt;
  }

  long nextSeq() {
    return nextSeq;
  }

  MessageStore messages() {
    return messages;
  }

  FifoMemory fifoMemory() {
    return fifoMemory;
  }

  NavigableMap<Long, Transfer> outbox() {
    return outbox;
  }

  long nextTransferSeq() {
    return nextTransferSeq;
  }

  long adoptedUpTo(QueueId source) {
    return adoptedTransfers.getOrDefault(source.entityId(), 0L);
  }

  List<MoveTask> moveTasks() {
    return moveTasks;
  }

  /** The running move task, if any. */
  Optional<MoveTask> runningMoveTask() {
    return moveTasks.stream().filter(task -> task.status() == MoveTask.Status.RUNNING).findFirst();
  }

  boolean isFifo() {
    return settings.forFifoQueue();
  }

  /** The key a FIFO message's deduplication id is remembered under, by the queue's scope. */
  String deduplicationKey(String groupId, String deduplicationId) {
    return FifoMemory.key(settings.fifo().deduplicationPerGroup(), groupId, deduplicationId);
  }

  void settle(long now) {
    messages.settle(now, settings.retentionSeconds() * 1000L);
    fifoMemory.expire(now);
  }

  QueueState apply(QueueEvent event) {
    if (event instanceof QueueEvent.MessagesSent sent) {
      for (SentMessage message : sent.messages()) {
        messages.add(new StoredMessage(message));
        nextSeq = Math.max(nextSeq, message.seq() + 1);
        if (message.deduplicationId() != null) {
          fifoMemory.rememberSent(deduplicationKey(message.groupId(), message.deduplicationId()),
              new FifoMemory.Deduplicated(message.messageId(), message.seq(), message.sentAt()));
        }
      }
    } else if (event instanceof QueueEvent.MessagesReceived received) {
      for (Claim claim : received.claims()) {
        messages.claim(claim.seq(), claim.visibleAt(), received.receivedAt());
      }
      if (received.attemptId() != null) {
        fifoMemory.rememberAttempt(received.attemptId(), new FifoMemory.Attempt(
            received.claims().stream().map(Claim::seq).toList(), received.receivedAt()));
      }
    } else if (event instanceof QueueEvent.MessagesDeleted deleted) {
      deleted.seqs().forEach(messages::remove);
    } else if (event instanceof QueueEvent.VisibilityChanged changed) {
      for (Claim claim : changed.claims()) {
        messages.changeVisibility(claim.seq(), claim.visibleAt());
      }
    } else if (event instanceof QueueEvent.MessagesHandedOver handedOver) {
      for (Transfer transfer : handedOver.transfers()) {
        transfer.messages().forEach(message -> messages.remove(message.seq()));
        outbox.put(transfer.transferSeq(), transfer);
        nextTransferSeq = Math.max(nextTransferSeq, transfer.transferSeq() + 1);
        if (transfer.taskHandle() != null) {
          updateTask(transfer.taskHandle(), task -> task.withMoved(task.moved() + transfer.messages().size()));
        }
      }
    } else if (event instanceof QueueEvent.TransferDelivered delivered) {
      outbox.remove(delivered.transferSeq());
    } else if (event instanceof QueueEvent.TransferReturned returned) {
      Transfer transfer = outbox.remove(returned.transferSeq());
      if (transfer != null) {
        transfer.messages().forEach(message -> messages.add(new StoredMessage(message)));
      }
    } else if (event instanceof QueueEvent.MessagesAdopted adopted) {
      for (SentMessage message : adopted.messages()) {
        messages.add(new StoredMessage(message));
        nextSeq = Math.max(nextSeq, message.seq() + 1);
      }
      adoptedTransfers.merge(adopted.source().entityId(), adopted.transferSeq(), Math::max);
    } else if (event instanceof QueueEvent.MoveTaskStarted started) {
      moveTasks.add(0, started.task());
      while (moveTasks.size() > MOVE_TASKS_KEPT) {
        moveTasks.remove(moveTasks.size() - 1);
      }
    } else if (event instanceof QueueEvent.MoveTaskEnded ended) {
      updateTask(ended.handle(), task -> task.ended(ended.status(), ended.failureReason()));
    } else if (event instanceof QueueEvent.QueueCreated created) {
      status = Status.ACTIVE;
      settings = created.settings();
      tags.clear();
      tags.putAll(created.tags());
      createdAt = created.createdAt();
      lastModifiedAt = created.createdAt();
      lastPurgedAt = 0;
      messages = new MessageStore(settings.forFifoQueue());
      fifoMemory = new FifoMemory();
    } else if (event instanceof QueueEvent.SettingsChanged changed) {
      settings = settings.overlay(changed.changes());
      lastModifiedAt = changed.changedAt();
    } else if (event instanceof QueueEvent.Tagged tagged) {
      tags.putAll(tagged.tags());
    } else if (event instanceof QueueEvent.Untagged untagged) {
      untagged.keys().forEach(tags::remove);
    } else if (event instanceof QueueEvent.QueuePurged purged) {
      messages.clear();
      lastPurgedAt = purged.purgedAt();
    } else if (event instanceof QueueEvent.QueueDeleted deleted) {
      status = Status.DELETED;
      deletedAt = deleted.deletedAt();
      tags.clear();
      messages.clear();
      fifoMemory = new FifoMemory();
      outbox.clear();
      moveTasks.clear();
    }
    return this;
  }

  private void updateTask(String handle, UnaryOperator<MoveTask> change) {
    moveTasks.replaceAll(task -> task.handle().equals(handle) ? change.apply(task) : task);
  }

  /**
   * The snapshot form: the same facts as plain records, messages oldest first. Snapshots written
   * before the packed form hold {@code messages} instead of {@code packedMessages}.
   */
  record Snapshot(
      Status status,
      QueueSettings settings,
      Map<String, String> tags,
      long createdAt,
      long lastModifiedAt,
      long deletedAt,
      long lastPurgedAt,
      long nextSeq,
      List<SnapshotMessage> packedMessages,
      List<UnpackedSnapshotMessage> messages,
      FifoMemory.Snapshot fifoMemory,
      List<Transfer> outbox,
      long nextTransferSeq,
      List<AdoptedTransfers> adopted,
      List<MoveTask> moveTasks) implements CborSerializable {}

  record AdoptedTransfers(String source, long upTo) {}

  /**
   * A stored message as an array of its fields: with a field name beside each value a million
   * 256-byte messages took about 500 MB, a third of it names, all written in one piece by the
   * entity's snapshot.
   */
  @JsonFormat(shape = JsonFormat.Shape.ARRAY)
  @JsonPropertyOrder({"seq", "idHigh", "idLow", "body", "attributes", "systemAttributes", "senderId", "groupId",
      "deduplicationId", "deadLetterSource", "sentAt", "visibleAt", "firstReceivedAt", "lastReceivedAt",
      "receiveCount"})
  record SnapshotMessage(
      long seq,
      long idHigh,
      long idLow,
      String body,
      Map<String, AttributeValue> attributes,
      Map<String, AttributeValue> systemAttributes,
      String senderId,
      String groupId,
      String deduplicationId,
      QueueId deadLetterSource,
      long sentAt,
      long visibleAt,
      long firstReceivedAt,
      long lastReceivedAt,
      int receiveCount) {}

  /** The earlier form of a snapshot message: {@code sent.visibleAt} is the current visibility. */
  record UnpackedSnapshotMessage(SentMessage sent, long firstReceivedAt, long lastReceivedAt, int receiveCount) {
    SnapshotMessage packed() {
      UUID id = UUID.fromString(sent.messageId());
      return new SnapshotMessage(sent.seq(), id.getMostSignificantBits(), id.getLeastSignificantBits(), sent.body(),
          sent.attributes(), sent.systemAttributes(), sent.senderId(), sent.groupId(), sent.deduplicationId(),
          sent.deadLetterSource(), sent.sentAt(), sent.visibleAt(), firstReceivedAt, lastReceivedAt, receiveCount);
    }
  }

  /**
   * A copy that later changes to this state do not reach (see {@link QueueSnapshotAdapter}). It
   * is also the state's own serialized form, the one snapshots written before the adapter hold.
   */
  @JsonValue
  Snapshot toSnapshot() {
    List<SnapshotMessage> stored = messages.all().stream().map(StoredMessage::toSnapshot).toList();
    return new Snapshot(status, settings, new TreeMap<>(tags), createdAt, lastModifiedAt, deletedAt,
        lastPurgedAt, nextSeq, stored, null, fifoMemory.toSnapshot(), new ArrayList<>(outbox.values()), nextTransferSeq,
        adoptedTransfers.entrySet().stream().map(entry -> new AdoptedTransfers(entry.getKey(), entry.getValue())).toList(),
        new ArrayList<>(moveTasks));
  }

  /** Also reads the snapshots stored as a {@code QueueState} before {@link QueueSnapshotAdapter}. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static QueueState fromSnapshot(Snapshot snapshot) {
    QueueState state = new QueueState();
    state.status = snapshot.status();
    state.settings = snapshot.settings();
    state.tags.putAll(snapshot.tags());
    state.createdAt = snapshot.createdAt();
    state.lastModifiedAt = snapshot.lastModifiedAt();
    state.deletedAt = snapshot.deletedAt();
    state.lastPurgedAt = snapshot.lastPurgedAt();
    state.nextSeq = snapshot.nextSeq();
    state.messages = new MessageStore(state.settings.forFifoQueue());
    state.fifoMemory = FifoMemory.fromSnapshot(snapshot.fifoMemory());
    if (snapshot.outbox() != null) {
      snapshot.outbox().forEach(transfer -> state.outbox.put(transfer.transferSeq(), transfer));
      state.nextTransferSeq = snapshot.nextTransferSeq();
      snapshot.adopted().forEach(adopted -> state.adoptedTransfers.put(adopted.source(), adopted.upTo()));
      state.moveTasks.addAll(snapshot.moveTasks());
    }
    List<SnapshotMessage> packed = snapshot.packedMessages() != null ? snapshot.packedMessages()
        : snapshot.messages().stream().map(UnpackedSnapshotMessage::packed).toList();
    packed.forEach(m -> state.messages.add(StoredMessage.fromSnapshot(m)));
    return state;
  }
}
