package ferry.protocol.catalog;

import ferry.protocol.CborSerializable;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/** A tenant's list of queue names, so that list calls answer the same from any node. */
public sealed interface CatalogCommand extends CborSerializable {

  record Register(String name, ActorRef<Listing> replyTo) implements CatalogCommand {}

  record Unregister(String name, ActorRef<Listing> replyTo) implements CatalogCommand {}

  /** Names in order that start with {@code prefix} and sort after {@code after} (null: from the start). */
  record ListNames(String prefix, String after, int limit, ActorRef<Listing> replyTo)
      implements CatalogCommand {}

  /** {@code more} says whether names past the last one given also match. */
  record Listing(List<String> names, boolean more) implements CborSerializable {
    public static Listing empty() {
      return new Listing(List.of(), false);
    }
  }
}
