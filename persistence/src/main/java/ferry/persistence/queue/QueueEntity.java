package ferry.persistence.queue;

import ferry.persistence.snapshot.SnapshotWriter;
import ferry.protocol.queue.QueueCommand;
import ferry.protocol.queue.MoveTask;
import ferry.protocol.queue.MoveTaskHandles;
import ferry.protocol.queue.QueueCommand.Adopt;
import ferry.protocol.queue.QueueCommand.Apply;
import ferry.protocol.queue.QueueCommand.CancelMoveTask;
import ferry.protocol.queue.QueueCommand.ListMoveTasks;
import ferry.protocol.queue.QueueCommand.StartMoveTask;
import ferry.protocol.queue.QueueCommand.TransferAnswered;
import ferry.protocol.queue.QueueCommand.TransferTick;
import ferry.protocol.queue.Transfer;
import ferry.protocol.queue.QueueCommand.BatchApplied;
import ferry.protocol.queue.QueueCommand.Configure;
import ferry.protocol.queue.QueueCommand.Create;
import ferry.protocol.queue.QueueCommand.Delete;
import ferry.protocol.queue.QueueCommand.Describe;
import ferry.protocol.queue.QueueCommand.Passivate;
import ferry.protocol.queue.QueueCommand.Purge;
import ferry.protocol.queue.QueueCommand.SnapshotStored;
import ferry.protocol.queue.QueueCommand.TakeSnapshot;
import ferry.protocol.queue.QueueCommand.Tag;
import ferry.protocol.queue.QueueCommand.Untag;
import ferry.protocol.queue.QueueCommand.WakeUp;
import ferry.protocol.queue.QueueEvent;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueOp;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.QueueReply.Reason;
import ferry.protocol.queue.QueueSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * One queue: it owns its settings, its messages and their claims. Every reply that reports a
 * change is sent after the change's events are in the journal.
 *
 * <p>Visibility, delay and retention are timestamps compared with the injected clock whenever
 * the queue is asked, so nothing depends on timers for correctness and a queue restarted on
 * another node behaves the same. Timers only wake receives parked in a long poll; those waiters
 * live in memory and are answered empty when the entity passivates.
 */
public final class QueueEntity
    extends EventSourcedBehaviorWithEnforcedReplies<QueueCommand, QueueEvent, QueueState> {

  public static final EntityTypeKey<QueueCommand> KEY =
      EntityTypeKey.create(QueueCommand.class, "Queue");

  /** A name stays blocked this long after its queue was deleted, as on SQS. */
  static final long RECREATE_BLOCK_MILLIS = 60_000;
  /** A purge is refused this long after the previous one, as on SQS. */
  static final long PURGE_BLOCK_MILLIS = 60_000;
  static final int EVENTS_PER_SNAPSHOT = 1000;
  /**
   * A deep queue snapshots once replaying the events since the last costs this many times
   * replaying the messages it holds as sends. A snapshot of a million messages takes seconds of
   * CPU (measured); with 2 that happens half as often as with 1, and recovery replays at most the
   * cost of sending twice the queue.
   */
  private static final int REPLAY_PER_SNAPSHOT = 2;
  /** Snapshots of deep queues take seconds and are worth a line in the log; the frequent small ones are not. */
  private static final int LOGGED_SNAPSHOT_MESSAGES = 100_000;
  private static final Duration TRANSFER_ASK_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration MOVE_TASK_PACE = Duration.ofSeconds(1);
  /** A move task waits while this many of its transfers are not yet taken. */
  private static final int MAX_PENDING_TRANSFERS = 10;

  public static void init(ActorSystem<?> system, Clock clock, SnapshotWriter snapshots) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(
        Entity.of(KEY, context -> create(context.getEntityId(), clock,
                queue -> sharding.entityRefFor(KEY, queue.entityId()), snapshots))
            .withStopMessage(new Passivate()));
  }

  /**
   * {@code queues} reaches other queues, for dead-lettered and moved messages; {@code snapshots}
   * stores the queue's snapshots while it goes on serving.
   */
  static Behavior<QueueCommand> create(String entityId, Clock clock,
      Function<QueueId, RecipientRef<QueueCommand>> queues, SnapshotWriter snapshots) {
    return Behaviors.setup(context -> new QueueEntity(context, entityId, clock, queues, snapshots));
  }

  /** A receive parked until messages arrive or its wait ends at {@code deadline}. */
  private record Waiter(QueueOp.Receive op, long deadline) {}

  private final ActorContext<QueueCommand> context;
  private final Clock clock;
  private final QueueId queueId;
  private List<Waiter> waiters = new ArrayList<>();
  private Cancellable nextWakeUp = Cancellable.alreadyCancelled();
  private final TransferSender transfers;
  private final SnapshotWriter snapshots;
  private final QueueSnapshotAdapter snapshotForm = new QueueSnapshotAdapter();
  /**
   * Events and their replay cost ({@link QueueEvent#replayCost()}) since the last snapshot, the
   * replayed ones included: a restart before the next snapshot replays them again (counting only
   * new events let every restart push the next snapshot one more window away).
   */
  private int eventsSinceSnapshot;
  private long replayCostSinceSnapshot;
  /** Events before the next snapshot, drawn anew for each (see {@link #drawEventsPerSnapshot()}). */
  private int eventsPerThisSnapshot = drawEventsPerSnapshot();
  /** Until recovery completes, the events the handler applies are replayed ones. */
  private boolean recovering = true;
  /** From the request of a snapshot until it is stored or failed: no second one meanwhile. */
  private boolean snapshotPending;
  private long snapshotStartedAt;
  private int snapshotMessages;
  /** The newest snapshot this incarnation stored; the events up to the one before it are deleted. */
  private long lastStoredSnapshot;

  private QueueEntity(ActorContext<QueueCommand> context, String entityId, Clock clock,
      Function<QueueId, RecipientRef<QueueCommand>> queues, SnapshotWriter snapshots) {
    super(PersistenceId.of(KEY.name(), entityId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.context = context;
    this.clock = clock;
    this.queueId = QueueId.fromEntityId(entityId);
    this.transfers = new TransferSender(context, queues, queueId, TRANSFER_ASK_TIMEOUT);
    this.snapshots = snapshots;
  }

  @Override
  public QueueState emptyState() {
    return QueueState.absent();
  }

  @Override
  public CommandHandlerWithReply<QueueCommand, QueueEvent, QueueState> commandHandler() {
    CommandHandlerWithReplyBuilder<QueueCommand, QueueEvent, QueueState> builder =
        newCommandHandlerWithReplyBuilder();
    builder.forState(QueueState::isActive)
        .onCommand(Create.class, this::onCreateExisting)
        .onCommand(Describe.class, this::onDescribe)
        .onCommand(Configure.class, this::onConfigure)
        .onCommand(Tag.class, this::onTag)
        .onCommand(Untag.class, this::onUntag)
        .onCommand(Purge.class, this::onPurge)
        .onCommand(Delete.class, this::onDelete)
        .onCommand(Apply.class, this::onApply)
        .onCommand(WakeUp.class, this::onWakeUp)
        .onCommand(Adopt.class, this::onAdopt)
        .onCommand(TransferAnswered.class, this::onTransferAnswered)
        .onCommand(TransferTick.class, this::onTransferTick)
        .onCommand(StartMoveTask.class, this::onStartMoveTask)
        .onCommand(CancelMoveTask.class, this::onCancelMoveTask)
        .onCommand(ListMoveTasks.class, this::onListMoveTasks)
        .onCommand(Passivate.class, this::onPassivate);
    builder.forAnyState()
        .onCommand(Create.class, this::onCreate)
        .onCommand(Describe.class, command -> noSuchQueue(command.replyTo()))
        .onCommand(Configure.class, command -> noSuchQueue(command.replyTo()))
        .onCommand(Tag.class, command -> noSuchQueue(command.replyTo()))
        .onCommand(Untag.class, command -> noSuchQueue(command.replyTo()))
        .onCommand(Purge.class, command -> noSuchQueue(command.replyTo()))
        .onCommand(Delete.class, command -> noSuchQueue(command.replyTo()))
        .onCommand(Apply.class, this::onApplyWithoutQueue)
        .onCommand(Adopt.class, command -> noSuchQueue(command.replyTo()))
        .onCommand(StartMoveTask.class, command -> noSuchQueue(command.replyTo()))
        .onCommand(CancelMoveTask.class, command -> noSuchQueue(command.replyTo()))
        .onCommand(ListMoveTasks.class, command -> noSuchQueue(command.replyTo()))
        .onCommand(TransferAnswered.class, command -> Effect().noReply())
        .onCommand(TransferTick.class, command -> Effect().noReply())
        .onCommand(WakeUp.class, command -> Effect().noReply())
        .onCommand(TakeSnapshot.class, this::onTakeSnapshot)
        .onCommand(SnapshotStored.class, this::onSnapshotStored)
        .onCommand(Passivate.class, command -> Effect().stop().thenNoReply());
    return builder.build();
  }

  private ReplyEffect<QueueEvent, QueueState> onCreate(QueueState state, Create command) {
    long now = clock.millis();
    if (state.status() == QueueState.Status.DELETED
        && now - state.deletedAt() < RECREATE_BLOCK_MILLIS) {
      return Effect().reply(command.replyTo(), new QueueReply.Rejected(Reason.DELETED_RECENTLY));
    }
    QueueSettings settings = QueueSettings.DEFAULTS.overlay(command.settings());
    return Effect().persist(new QueueEvent.QueueCreated(settings, command.tags(), now))
        .thenRun(created -> context.getLog().info("Queue {} created", queueId))
        .thenReply(command.replyTo(), created -> new QueueReply.Done());
  }

  private ReplyEffect<QueueEvent, QueueState> onCreateExisting(QueueState state, Create command) {
    boolean tagsAgree = command.tags().entrySet().stream()
        .allMatch(tag -> tag.getValue().equals(state.tags().get(tag.getKey())));
    QueueReply reply = state.settings().agreesWith(command.settings()) && tagsAgree
        ? new QueueReply.Done()
        : new QueueReply.Rejected(Reason.EXISTS_WITH_OTHER_SETTINGS);
    return Effect().reply(command.replyTo(), reply);
  }

  private ReplyEffect<QueueEvent, QueueState> onDescribe(QueueState state, Describe command) {
    state.settle(clock.millis());
    MessageStore messages = state.messages();
    return Effect().reply(command.replyTo(), new QueueReply.Description(
        state.settings(), Map.copyOf(state.tags()), state.createdAt(), state.lastModifiedAt(),
        messages.visibleCount(), messages.inFlightCount(), messages.delayedCount()));
  }

  private ReplyEffect<QueueEvent, QueueState> onConfigure(QueueState state, Configure command) {
    return Effect().persist(new QueueEvent.SettingsChanged(command.changes(), clock.millis()))
        .thenReply(command.replyTo(), changed -> new QueueReply.Done());
  }

  private ReplyEffect<QueueEvent, QueueState> onTag(QueueState state, Tag command) {
    return Effect().persist(new QueueEvent.Tagged(command.tags()))
        .thenReply(command.replyTo(), tagged -> new QueueReply.Done());
  }

  private ReplyEffect<QueueEvent, QueueState> onUntag(QueueState state, Untag command) {
    return Effect().persist(new QueueEvent.Untagged(command.keys()))
        .thenReply(command.replyTo(), untagged -> new QueueReply.Done());
  }

  private ReplyEffect<QueueEvent, QueueState> onPurge(QueueState state, Purge command) {
    long now = clock.millis();
    if (state.lastPurgedAt() != 0 && now - state.lastPurgedAt() < PURGE_BLOCK_MILLIS) {
      return Effect().reply(command.replyTo(), new QueueReply.Rejected(Reason.PURGE_IN_PROGRESS));
    }
    return Effect().persist(new QueueEvent.QueuePurged(now))
        .thenRun(purged -> context.getLog().info("Queue {} purged", queueId))
        .thenReply(command.replyTo(), purged -> new QueueReply.Done());
  }

  private ReplyEffect<QueueEvent, QueueState> onDelete(QueueState state, Delete command) {
    return Effect().persist(new QueueEvent.QueueDeleted(clock.millis()))
        .thenRun(deleted -> {
          waiters.forEach(waiter -> waiter.op().replyTo().tell(new QueueReply.NoSuchQueue()));
          waiters = new ArrayList<>();
          nextWakeUp.cancel();
          context.getLog().info("Queue {} deleted", queueId);
        })
        .thenReply(command.replyTo(), deleted -> new QueueReply.Done());
  }

  private ReplyEffect<QueueEvent, QueueState> onApply(QueueState state, Apply command) {
    long now = clock.millis();
    state.settle(now);
    BatchPlan plan = new BatchPlan(state, now);
    List<Waiter> parked = new ArrayList<>();
    for (QueueOp op : command.ops()) {
      if (op instanceof QueueOp.Send send) {
        plan.send(send);
      } else if (op instanceof QueueOp.Receive receive) {
        if (!plan.receive(receive)) {
          int waitSeconds = receive.waitSeconds() != null
              ? receive.waitSeconds() : state.settings().receiveWaitSeconds();
          if (waitSeconds > 0) {
            parked.add(new Waiter(receive, now + waitSeconds * 1000L));
          } else {
            plan.answerEmpty(receive.replyTo());
          }
        }
      } else if (op instanceof QueueOp.DeleteMessages delete) {
        plan.delete(delete);
      } else if (op instanceof QueueOp.ChangeVisibility change) {
        plan.changeVisibility(change);
      }
    }
    return store(plan)
        .thenRun(applied -> {
          plan.answerAll();
          waiters.addAll(parked);
          if (plan.madeMessagesVisible() && !waiters.isEmpty()) {
            context.getSelf().tell(new WakeUp());
          }
          rearmWakeUp(applied);
          if (plan.handsOver()) {
            transfers.offerNext(applied);
          }
        })
        .thenReply(command.laneReplyTo(), applied -> new BatchApplied());
  }

  private ReplyEffect<QueueEvent, QueueState> onApplyWithoutQueue(Apply command) {
    command.ops().forEach(op -> op.replyTo().tell(new QueueReply.NoSuchQueue()));
    return Effect().reply(command.laneReplyTo(), new BatchApplied());
  }

  /** Serves parked receives that messages became visible for, and ends waits that are over. */
  private ReplyEffect<QueueEvent, QueueState> onWakeUp(QueueState state, WakeUp command) {
    long now = clock.millis();
    state.settle(now);
    BatchPlan plan = new BatchPlan(state, now);
    List<Waiter> stillWaiting = new ArrayList<>();
    for (Waiter waiter : waiters) {
      if (plan.receive(waiter.op())) {
        continue;
      }
      if (waiter.deadline() <= now) {
        plan.answerEmpty(waiter.op().replyTo());
      } else {
        stillWaiting.add(waiter);
      }
    }
    waiters = stillWaiting;
    return store(plan)
        .thenRun(applied -> {
          plan.answerAll();
          rearmWakeUp(applied);
        })
        .thenNoReply();
  }

  /** Stores another queue's transfer once; a transfer taken before is only acknowledged. */
  private ReplyEffect<QueueEvent, QueueState> onAdopt(QueueState state, Adopt command) {
    if (command.transferSeq() <= state.adoptedUpTo(command.source())) {
      return Effect().reply(command.replyTo(), new QueueReply.Done());
    }
    long now = clock.millis();
    long seq = state.nextSeq();
    List<QueueEvent.SentMessage> adopted = new ArrayList<>(command.messages().size());
    for (QueueEvent.SentMessage message : command.messages()) {
      adopted.add(new QueueEvent.SentMessage(seq++, message.messageId(), message.body(), message.attributes(),
          message.systemAttributes(), message.senderId(), message.groupId(), message.sentAt(), now,
          message.deduplicationId(), message.deadLetterSource()));
    }
    return Effect().persist(new QueueEvent.MessagesAdopted(command.source(), command.transferSeq(), adopted))
        .thenRun(stored -> {
          if (!waiters.isEmpty()) {
            context.getSelf().tell(new WakeUp());
          }
        })
        .thenReply(command.replyTo(), stored -> new QueueReply.Done());
  }

  /**
   * The destination took the transfer (it is delivered), or does not exist (its messages come
   * back, and a move task that made it fails); without an answer it is offered again later.
   */
  private ReplyEffect<QueueEvent, QueueState> onTransferAnswered(QueueState state, TransferAnswered command) {
    transfers.answered();
    Transfer transfer = state.outbox().get(command.transferSeq());
    if (transfer == null) {
      transfers.offerNext(state);
      return Effect().noReply();
    }
    if (command.answer() instanceof QueueReply.Done) {
      return Effect().persist(new QueueEvent.TransferDelivered(command.transferSeq()))
          .thenRun(transfers::offerNext)
          .thenNoReply();
    }
    if (command.answer() instanceof QueueReply.NoSuchQueue) {
      context.getLog().warn("Queue {} cannot hand {} messages to {}: it does not exist; they stay here",
          queueId, transfer.messages().size(), transfer.destination());
      List<QueueEvent> events = new ArrayList<>();
      events.add(new QueueEvent.TransferReturned(command.transferSeq()));
      if (transfer.taskHandle() != null && state.runningMoveTask().filter(task -> task.handle().equals(transfer.taskHandle())).isPresent()) {
        events.add(new QueueEvent.MoveTaskEnded(transfer.taskHandle(), MoveTask.Status.FAILED,
            "Destination queue " + transfer.destination().name() + " does not exist."));
      }
      return Effect().persist(events).thenRun(transfers::offerNext).thenNoReply();
    }
    transfers.retryLater();
    return Effect().noReply();
  }

  /** Offers pending transfers again, and moves the running task's next second of messages. */
  private ReplyEffect<QueueEvent, QueueState> onTransferTick(QueueState state, TransferTick command) {
    transfers.offerNext(state);
    Optional<MoveTask> task = state.runningMoveTask();
    if (task.isEmpty()) {
      if (!state.outbox().isEmpty()) {
        transfers.retryLater();
      }
      return Effect().noReply();
    }
    transfers.tickAfter(MOVE_TASK_PACE);
    if (state.outbox().size() > MAX_PENDING_TRANSFERS) {
      return Effect().noReply();
    }
    state.settle(clock.millis());
    MoveTaskStep.Outcome step = MoveTaskStep.next(state, task.get());
    if (step.failure() != null) {
      return Effect().persist(new QueueEvent.MoveTaskEnded(task.get().handle(), MoveTask.Status.FAILED, step.failure()))
          .thenNoReply();
    }
    if (step.complete()) {
      return Effect().persist(new QueueEvent.MoveTaskEnded(task.get().handle(), MoveTask.Status.COMPLETED, null))
          .thenRun(completed -> context.getLog().info("Queue {} completed move task: {} messages moved",
              queueId, completed.moveTasks().get(0).moved()))
          .thenNoReply();
    }
    return Effect().persist(new QueueEvent.MessagesHandedOver(step.transfers()))
        .thenRun(transfers::offerNext)
        .thenNoReply();
  }

  private ReplyEffect<QueueEvent, QueueState> onStartMoveTask(QueueState state, StartMoveTask command) {
    if (state.runningMoveTask().isPresent()) {
      return Effect().reply(command.replyTo(), new QueueReply.Rejected(Reason.MOVE_TASK_RUNNING));
    }
    long now = clock.millis();
    state.settle(now);
    MoveTask task = new MoveTask(MoveTaskHandles.newHandle(queueId), MoveTask.Status.RUNNING,
        command.destinationArn(), command.destination(), command.maxPerSecond(), 0,
        state.messages().visibleCount(), now, null);
    return Effect().persist(new QueueEvent.MoveTaskStarted(task))
        .thenRun(started -> {
          context.getLog().info("Queue {} started moving {} messages", queueId, task.toMove());
          transfers.tickAfter(Duration.ZERO);
        })
        .thenReply(command.replyTo(), started -> new QueueReply.MoveTaskStarted(task.handle()));
  }

  private ReplyEffect<QueueEvent, QueueState> onCancelMoveTask(QueueState state, CancelMoveTask command) {
    Optional<MoveTask> running = state.runningMoveTask().filter(task -> task.handle().equals(command.handle()));
    if (running.isEmpty()) {
      return Effect().reply(command.replyTo(), new QueueReply.Rejected(Reason.NO_RUNNING_MOVE_TASK));
    }
    return Effect().persist(new QueueEvent.MoveTaskEnded(command.handle(), MoveTask.Status.CANCELLED, null))
        .thenReply(command.replyTo(), cancelled -> new QueueReply.MoveTaskCancelled(running.get().moved()));
  }

  private ReplyEffect<QueueEvent, QueueState> onListMoveTasks(QueueState state, ListMoveTasks command) {
    List<MoveTask> tasks = state.moveTasks();
    return Effect().reply(command.replyTo(),
        new QueueReply.MoveTasks(List.copyOf(tasks.subList(0, Math.min(command.max(), tasks.size())))));
  }

  private ReplyEffect<QueueEvent, QueueState> onPassivate(QueueState state, Passivate command) {
    waiters.forEach(waiter -> waiter.op().replyTo().tell(new QueueReply.Received(List.of())));
    waiters = new ArrayList<>();
    return Effect().stop().thenNoReply();
  }

  private EffectBuilder<QueueEvent, QueueState> store(BatchPlan plan) {
    List<QueueEvent> events = plan.events();
    return events.isEmpty() ? Effect().none() : Effect().persist(events);
  }

  /** One timer at the earliest moment a parked receive could be answered. */
  private void rearmWakeUp(QueueState state) {
    nextWakeUp.cancel();
    if (waiters.isEmpty()) {
      return;
    }
    long next = state.messages().nextVisibleAt();
    for (Waiter waiter : waiters) {
      next = Math.min(next, waiter.deadline());
    }
    long delay = Math.max(1, next - clock.millis());
    nextWakeUp = context.scheduleOnce(Duration.ofMillis(delay), context.getSelf(), new WakeUp());
  }

  private ReplyEffect<QueueEvent, QueueState> noSuchQueue(ActorRef<QueueReply> replyTo) {
    return Effect().reply(replyTo, new QueueReply.NoSuchQueue());
  }

  @Override
  public EventHandler<QueueState, QueueEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onAnyEvent((state, event) -> {
          if (recovering) {
            countSinceSnapshot(event);
          }
          return state.apply(LostFifoSettings.restored(queueId, event));
        });
  }

  /** Transfers and a move task go on after a restart or failover without waiting for a client. */
  @Override
  public SignalHandler<QueueState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          recovering = false;
          if (state.isActive() && (!state.outbox().isEmpty() || state.runningMoveTask().isPresent())) {
            transfers.tickAfter(Duration.ZERO);
          }
        })
        .build();
  }

  /**
   * A snapshot holds every live message, so its cost grows with the queue while replay grows with
   * the events since the last one. A queue snapshots after {@link #EVENTS_PER_SNAPSHOT} events on
   * average, or, when it is deep, only once replaying those events costs {@link #REPLAY_PER_SNAPSHOT} times
   * replaying its messages as sends (measured: a million-message queue that snapshotted by event
   * count spent 40 % of its CPU serializing snapshots). Receives and deletions, which carry no
   * bodies, weigh a fifth of a send: a draining queue snapshots at a sixth of its last snapshot's
   * depth, not at half of it.
   *
   * <p>Pekko's own snapshot is never asked for: it holds back every command until the snapshot is
   * written (8 s for 750,000 FIFO messages on PostgreSQL). The queue asks itself to take one
   * instead, between commands, where its state and sequence number agree.
   */
  @Override
  public boolean shouldSnapshot(QueueState state, QueueEvent event, long sequenceNumber) {
    countSinceSnapshot(event);
    if (!snapshotPending && eventsSinceSnapshot >= eventsPerThisSnapshot
        && replayCostSinceSnapshot
            >= (long) REPLAY_PER_SNAPSHOT * QueueEvent.SENT_MESSAGE_REPLAY_COST * state.messages().size()) {
      snapshotPending = true;
      context.getSelf().tell(new TakeSnapshot());
    }
    return false;
  }

  /**
   * From half of {@link #EVENTS_PER_SNAPSHOT} to one and a half times it, at random. Queues under
   * the same load otherwise snapshot, and delete their old events, in the same second every time:
   * at scenario 5's load (16 queues, 6,500 messages/s) that made a burst of slow sends and
   * deletions every 8 s (see deploy/BENCHMARKS.md, fifteenth round).
   */
  private static int drawEventsPerSnapshot() {
    return EVENTS_PER_SNAPSHOT / 2 + ThreadLocalRandom.current().nextInt(EVENTS_PER_SNAPSHOT + 1);
  }

  private void countSinceSnapshot(QueueEvent event) {
    eventsSinceSnapshot++;
    replayCostSinceSnapshot += event.replayCost();
  }

  /** Copies the state here, on the entity's thread; serializing and writing happen elsewhere. */
  private ReplyEffect<QueueEvent, QueueState> onTakeSnapshot(QueueState state, TakeSnapshot command) {
    long sequenceNr = lastSequenceNumber(context);
    eventsSinceSnapshot = 0;
    replayCostSinceSnapshot = 0;
    eventsPerThisSnapshot = drawEventsPerSnapshot();
    snapshotStartedAt = System.nanoTime();
    snapshotMessages = state.messages().size();
    context.pipeToSelf(snapshots.save(persistenceId().id(), sequenceNr, snapshotForm.toJournal(state)),
        (stored, failure) -> new SnapshotStored(sequenceNr, failure == null ? null : failure.toString()));
    return Effect().noReply();
  }

  /**
   * Keeps the newest two snapshots and deletes the events the older of them stands for: a queue's
   * journal holds no more than the events since that snapshot, and a snapshot that cannot be
   * read still leaves one to recover from. (Deleting only every 100,000 events let a busy
   * queue's journal reach gigabytes before its first deletion.)
   */
  private ReplyEffect<QueueEvent, QueueState> onSnapshotStored(QueueState state, SnapshotStored stored) {
    snapshotPending = false;
    if (stored.failure() != null) {
      context.getLog().warn("Queue {} could not store a snapshot; it will replay more events when it recovers: {}",
          queueId, stored.failure());
      return Effect().noReply();
    }
    if (snapshotMessages >= LOGGED_SNAPSHOT_MESSAGES) {
      context.getLog().info("Queue {} stored a snapshot of {} messages in {} ms, serving meanwhile", queueId,
          snapshotMessages, (System.nanoTime() - snapshotStartedAt) / 1_000_000);
    }
    long previous = lastStoredSnapshot;
    lastStoredSnapshot = stored.sequenceNr();
    if (previous > 0) {
      snapshots.deleteSnapshotsBefore(persistenceId().id(), previous);
      snapshots.deleteEventsTo(persistenceId().id(), previous);
    }
    return Effect().noReply();
  }

  /** Pekko's recovery reads the snapshots through it: this form and the ones written before. */
  @Override
  public SnapshotAdapter<QueueState> snapshotAdapter() {
    return snapshotForm;
  }
}
