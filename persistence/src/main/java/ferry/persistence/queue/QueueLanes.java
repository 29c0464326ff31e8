package ferry.persistence.queue;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** This node's lanes, one per queue entity it has sent message work to recently. */
final class QueueLanes {
  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final Duration askTimeout;
  private final ConcurrentHashMap<String, ActorRef<QueueLane.Command>> lanes = new ConcurrentHashMap<>();
  private final AtomicLong spawned = new AtomicLong();

  QueueLanes(ActorSystem<?> system, Duration askTimeout) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.askTimeout = askTimeout;
  }

  ActorRef<QueueLane.Command> laneFor(String entityId) {
    return lanes.computeIfAbsent(entityId, this::spawn);
  }

  private ActorRef<QueueLane.Command> spawn(String entityId) {
    return system.systemActorOf(
        QueueLane.create(sharding.entityRefFor(QueueEntity.KEY, entityId), askTimeout,
            lane -> lanes.remove(entityId, lane)),
        "queue-lane-" + spawned.incrementAndGet(),
        Props.empty());
  }
}
