package ferry.persistence.queue;

import ferry.persistence.ReplyStages;
import ferry.protocol.queue.QueueCommand;
import ferry.protocol.queue.QueueOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * One node's road to one queue entity. While a batch is on its way to the entity, ops from
 * other clients gather here and go together as the next batch: a hot queue then costs one
 * journal write per batch instead of one per request (group commit), and never more than one
 * batch per node is in flight to the queue.
 *
 * <p>An idle lane leaves the {@link QueueLanes} registry, then lives on for a grace period so
 * that an op which found it just before it left is still carried.
 */
final class QueueLane {

  sealed interface Command {}

  record Submit(QueueOp op) implements Command {}

  private record BatchFinished() implements Command {}

  private record Idle() implements Command {}

  private record Stop() implements Command {}

  /** Bounds of one batch: the entity writes it as one journal transaction. */
  static final int MAX_OPS = 512;
  static final int MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
  private static final Duration IDLE_AFTER = Duration.ofMinutes(2);
  private static final Duration GRACE = Duration.ofSeconds(30);

  static Behavior<Command> create(EntityRef<QueueCommand> entity, Duration askTimeout,
      Consumer<ActorRef<Command>> leaveRegistry) {
    return Behaviors.setup(context -> Behaviors.withTimers(
        timers -> new QueueLane(context, timers, entity, askTimeout, leaveRegistry).idle()));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final EntityRef<QueueCommand> entity;
  private final Duration askTimeout;
  private final Consumer<ActorRef<Command>> leaveRegistry;
  private final List<QueueOp> waiting = new ArrayList<>();

  private QueueLane(ActorContext<Command> context, TimerScheduler<Command> timers,
      EntityRef<QueueCommand> entity, Duration askTimeout, Consumer<ActorRef<Command>> leaveRegistry) {
    this.context = context;
    this.timers = timers;
    this.entity = entity;
    this.askTimeout = askTimeout;
    this.leaveRegistry = leaveRegistry;
  }

  private Behavior<Command> idle() {
    context.setReceiveTimeout(IDLE_AFTER, new Idle());
    return Behaviors.receive(Command.class)
        .onMessage(Submit.class, submit -> {
          waiting.add(submit.op());
          return dispatch();
        })
        .onMessage(Idle.class, idle -> {
          leaveRegistry.accept(context.getSelf());
          timers.startSingleTimer(new Stop(), GRACE);
          return Behaviors.same();
        })
        .onMessage(Stop.class, stop -> Behaviors.stopped())
        .build();
  }

  private Behavior<Command> inFlight() {
    return Behaviors.receive(Command.class)
        .onMessage(Submit.class, submit -> {
          waiting.add(submit.op());
          return Behaviors.same();
        })
        .onMessage(BatchFinished.class, finished -> waiting.isEmpty() ? idle() : dispatch())
        .onMessage(Idle.class, idle -> Behaviors.same())
        .onMessage(Stop.class, stop -> {
          timers.startSingleTimer(new Stop(), GRACE);
          return Behaviors.same();
        })
        .build();
  }

  private Behavior<Command> dispatch() {
    context.cancelReceiveTimeout();
    List<QueueOp> batch = takeBatch();
    context.pipeToSelf(ReplyStages.whereCompleted(
        entity.<QueueCommand.BatchApplied>ask(replyTo -> new QueueCommand.Apply(batch, replyTo), askTimeout)),
        (applied, failure) -> new BatchFinished());
    return inFlight();
  }

  private List<QueueOp> takeBatch() {
    int count = 0;
    int bytes = 0;
    while (count < waiting.size() && count < MAX_OPS) {
      bytes += waiting.get(count).payloadBytes();
      if (count > 0 && bytes > MAX_PAYLOAD_BYTES) {
        break;
      }
      count++;
    }
    List<QueueOp> batch = new ArrayList<>(waiting.subList(0, count));
    waiting.subList(0, count).clear();
    return batch;
  }
}
