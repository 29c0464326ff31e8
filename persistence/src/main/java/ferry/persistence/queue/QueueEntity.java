package ferry.persistence.queue;

import ferry.protocol.queue.QueueCommand;
import ferry.protocol.queue.QueueCommand.Apply;
import ferry.protocol.queue.QueueCommand.BatchApplied;
import ferry.protocol.queue.QueueCommand.Configure;
import ferry.protocol.queue.QueueCommand.Create;
import ferry.protocol.queue.QueueCommand.Delete;
import ferry.protocol.queue.QueueCommand.Describe;
import ferry.protocol.queue.QueueCommand.Passivate;
import ferry.protocol.queue.QueueCommand.Purge;
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
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

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

  public static void init(ActorSystem<?> system, Clock clock) {
    ClusterSharding.get(system).init(
        Entity.of(KEY, context -> create(context.getEntityId(), clock))
            .withStopMessage(new Passivate()));
  }

  static Behavior<QueueCommand> create(String entityId, Clock clock) {
    return Behaviors.setup(context -> new QueueEntity(context, entityId, clock));
  }

  /** A receive parked until messages arrive or its wait ends at {@code deadline}. */
  private record Waiter(QueueOp.Receive op, long deadline) {}

  private final ActorContext<QueueCommand> context;
  private final Clock clock;
  private final QueueId queueId;
  private List<Waiter> waiters = new ArrayList<>();
  private Cancellable nextWakeUp = Cancellable.alreadyCancelled();

  private QueueEntity(ActorContext<QueueCommand> context, String entityId, Clock clock) {
    super(PersistenceId.of(KEY.name(), entityId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.context = context;
    this.clock = clock;
    this.queueId = QueueId.fromEntityId(entityId);
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
        .onCommand(WakeUp.class, command -> Effect().noReply())
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
    return newEventHandlerBuilder().forAnyState().onAnyEvent(QueueState::apply);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1000, 2).withDeleteEventsOnSnapshot();
  }
}
