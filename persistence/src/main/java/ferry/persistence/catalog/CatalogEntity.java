package ferry.persistence.catalog;

import ferry.protocol.CborSerializable;
import ferry.protocol.catalog.CatalogCommand;
import ferry.protocol.catalog.CatalogCommand.ListNames;
import ferry.protocol.catalog.CatalogCommand.Listing;
import ferry.protocol.catalog.CatalogCommand.Register;
import ferry.protocol.catalog.CatalogCommand.Unregister;
import ferry.protocol.catalog.CatalogEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandlerBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The names of one tenant's queues of one API, sorted, so that a list call answers the same on
 * every node without visiting each queue. Registering and unregistering are idempotent.
 */
public final class CatalogEntity
    extends EventSourcedBehaviorWithEnforcedReplies<CatalogCommand, CatalogEvent, CatalogEntity.State> {

  public static final EntityTypeKey<CatalogCommand> KEY =
      EntityTypeKey.create(CatalogCommand.class, "Catalog");

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(KEY, context -> new CatalogEntity(context.getEntityId())));
  }

  /** The registered names, in order. */
  public record State(TreeSet<String> names) implements CborSerializable {}

  CatalogEntity(String entityId) {
    super(PersistenceId.of(KEY.name(), entityId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
  }

  @Override
  public State emptyState() {
    return new State(new TreeSet<>());
  }

  @Override
  public CommandHandlerWithReply<CatalogCommand, CatalogEvent, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Register.class, this::onRegister)
        .onCommand(Unregister.class, this::onUnregister)
        .onCommand(ListNames.class, this::onList)
        .build();
  }

  private ReplyEffect<CatalogEvent, State> onRegister(State state, Register command) {
    if (state.names().contains(command.name())) {
      return Effect().reply(command.replyTo(), Listing.empty());
    }
    return Effect().persist(new CatalogEvent.Registered(command.name()))
        .thenReply(command.replyTo(), registered -> Listing.empty());
  }

  private ReplyEffect<CatalogEvent, State> onUnregister(State state, Unregister command) {
    if (!state.names().contains(command.name())) {
      return Effect().reply(command.replyTo(), Listing.empty());
    }
    return Effect().persist(new CatalogEvent.Unregistered(command.name()))
        .thenReply(command.replyTo(), unregistered -> Listing.empty());
  }

  private ReplyEffect<CatalogEvent, State> onList(State state, ListNames command) {
    String prefix = command.prefix() == null ? "" : command.prefix();
    String from = command.after() != null && command.after().compareTo(prefix) >= 0
        ? command.after() : null;
    Iterable<String> candidates = from == null
        ? state.names().tailSet(prefix, true)
        : state.names().tailSet(from, false);
    List<String> names = new ArrayList<>();
    boolean more = false;
    for (String name : candidates) {
      if (!name.startsWith(prefix)) {
        break;
      }
      if (names.size() == command.limit()) {
        more = true;
        break;
      }
      names.add(name);
    }
    return Effect().reply(command.replyTo(), new Listing(names, more));
  }

  @Override
  public EventHandler<State, CatalogEvent> eventHandler() {
    EventHandlerBuilder<State, CatalogEvent> builder = newEventHandlerBuilder();
    builder.forAnyState()
        .onEvent(CatalogEvent.Registered.class, (state, event) -> {
          state.names().add(event.name());
          return state;
        })
        .onEvent(CatalogEvent.Unregistered.class, (state, event) -> {
          state.names().remove(event.name());
          return state;
        });
    return builder.build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(500, 2).withDeleteEventsOnSnapshot();
  }

  /** The store serializes a snapshot on its own thread while this entity changes its set in place: it gets a copy. */
  @Override
  public SnapshotAdapter<State> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(State state) {
        return new State(new TreeSet<>(state.names()));
      }

      @Override
      public State fromJournal(Object stored) {
        return (State) stored;
      }
    };
  }
}
