package ferry.persistence.queue;

import ferry.persistence.ReplyStages;
import ferry.persistence.catalog.CatalogEntity;
import ferry.persistence.snapshot.JdbcSnapshotWriter;
import ferry.protocol.catalog.CatalogCommand;
import ferry.protocol.catalog.CatalogCommand.Listing;
import ferry.protocol.queue.NewMessage;
import ferry.protocol.queue.QueueCommand;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueOp;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.QueueSettings;
import ferry.protocol.queue.ReceiptHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * What the front ends of a node may ask of queues. Queue administration goes straight to the
 * queue's entity; message work goes through the node's lane to that entity, which coalesces it
 * with other clients' work. Creating and deleting a queue also keeps its tenant's catalog current.
 */
public final class Queues {
  /** The longest long poll any API allows; a receive's ask waits this much beyond its usual timeout. */
  private static final Duration LONGEST_POLL = Duration.ofSeconds(20);

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final QueueLanes lanes;
  private final Duration askTimeout;

  private Queues(ActorSystem<?> system, Duration askTimeout) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.lanes = new QueueLanes(system, askTimeout);
    this.askTimeout = askTimeout;
  }

  /** Starts this node's share of the queue and catalog entities. */
  public static Queues start(ActorSystem<?> system, Clock clock, Duration askTimeout) {
    QueueEntity.init(system, clock, JdbcSnapshotWriter.of(system));
    CatalogEntity.init(system);
    return new Queues(system, askTimeout);
  }

  public CompletionStage<QueueReply> create(QueueId id, QueueSettings settings, Map<String, String> tags) {
    return ask(id, replyTo -> new QueueCommand.Create(settings, tags, replyTo))
        .thenCompose(reply -> reply instanceof QueueReply.Done
            ? catalog(id, replyTo -> new CatalogCommand.Register(id.name(), replyTo)).thenApply(listed -> reply)
            : CompletableFuture.completedFuture(reply));
  }

  public CompletionStage<QueueReply> delete(QueueId id) {
    return ask(id, QueueCommand.Delete::new)
        .thenCompose(reply -> reply instanceof QueueReply.Done
            ? catalog(id, replyTo -> new CatalogCommand.Unregister(id.name(), replyTo)).thenApply(listed -> reply)
            : CompletableFuture.completedFuture(reply));
  }

  public CompletionStage<QueueReply> describe(QueueId id) {
    return ask(id, QueueCommand.Describe::new);
  }

  public CompletionStage<QueueReply> configure(QueueId id, QueueSettings changes) {
    return ask(id, replyTo -> new QueueCommand.Configure(changes, replyTo));
  }

  public CompletionStage<QueueReply> tag(QueueId id, Map<String, String> tags) {
    return ask(id, replyTo -> new QueueCommand.Tag(tags, replyTo));
  }

  public CompletionStage<QueueReply> untag(QueueId id, Set<String> keys) {
    return ask(id, replyTo -> new QueueCommand.Untag(keys, replyTo));
  }

  public CompletionStage<QueueReply> purge(QueueId id) {
    return ask(id, QueueCommand.Purge::new);
  }

  /** Starts moving a dead-letter queue's messages to {@code destination}, or back to their sources when null. */
  public CompletionStage<QueueReply> startMoveTask(QueueId deadLetterQueue, QueueId destination,
      String destinationArn, Integer maxPerSecond) {
    return ask(deadLetterQueue, replyTo -> new QueueCommand.StartMoveTask(destination, destinationArn, maxPerSecond, replyTo));
  }

  /** Cancels the running move task a handle names; the handle says which queue runs it. */
  public CompletionStage<QueueReply> cancelMoveTask(QueueId deadLetterQueue, String handle) {
    return ask(deadLetterQueue, replyTo -> new QueueCommand.CancelMoveTask(handle, replyTo));
  }

  public CompletionStage<QueueReply> listMoveTasks(QueueId deadLetterQueue, int max) {
    return ask(deadLetterQueue, replyTo -> new QueueCommand.ListMoveTasks(max, replyTo));
  }

  /** Names of the tenant's queues of one API, in order, starting with {@code prefix} and after {@code after}. */
  public CompletionStage<Listing> list(String api, String tenant, String prefix, String after, int limit) {
    QueueId anyQueueOfTenant = new QueueId(api, tenant, "");
    return catalog(anyQueueOfTenant, replyTo -> new CatalogCommand.ListNames(prefix, after, limit, replyTo));
  }

  public CompletionStage<QueueReply> send(QueueId id, List<NewMessage> messages, String senderId) {
    return viaLane(id, askTimeout, replyTo -> new QueueOp.Send(messages, senderId, replyTo));
  }

  public CompletionStage<QueueReply> receive(QueueId id, int maxMessages,
      Integer visibilityTimeoutSeconds, Integer waitSeconds, String attemptId) {
    Duration wait = waitSeconds == null ? LONGEST_POLL : Duration.ofSeconds(waitSeconds);
    return viaLane(id, askTimeout.plus(wait), replyTo ->
        new QueueOp.Receive(maxMessages, visibilityTimeoutSeconds, waitSeconds, attemptId, replyTo));
  }

  public CompletionStage<QueueReply> deleteMessages(QueueId id, List<ReceiptHandle> handles) {
    return viaLane(id, askTimeout, replyTo -> new QueueOp.DeleteMessages(handles, replyTo));
  }

  public CompletionStage<QueueReply> changeVisibility(QueueId id, List<QueueOp.VisibilityChange> changes) {
    return viaLane(id, askTimeout, replyTo -> new QueueOp.ChangeVisibility(changes, replyTo));
  }

  private CompletionStage<QueueReply> ask(QueueId id,
      Function<ActorRef<QueueReply>, QueueCommand> command) {
    EntityRef<QueueCommand> queue = sharding.entityRefFor(QueueEntity.KEY, id.entityId());
    return ReplyStages.whereCompleted(queue.ask(command::apply, askTimeout));
  }

  private CompletionStage<Listing> catalog(QueueId id,
      Function<ActorRef<Listing>, CatalogCommand> command) {
    EntityRef<CatalogCommand> catalog = sharding.entityRefFor(CatalogEntity.KEY, id.catalogId());
    return ReplyStages.whereCompleted(catalog.ask(command::apply, askTimeout));
  }

  private CompletionStage<QueueReply> viaLane(QueueId id, Duration timeout,
      Function<ActorRef<QueueReply>, QueueOp> op) {
    ActorRef<QueueLane.Command> lane = lanes.laneFor(id.entityId());
    return ReplyStages.whereCompleted(AskPattern.ask(lane, replyTo -> new QueueLane.Submit(op.apply(replyTo)),
        timeout, system.scheduler()));
  }
}
