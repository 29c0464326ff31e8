package ferry.protocol.catalog;

import ferry.protocol.CborSerializable;

/** What a catalog stores. Class names are in the journal: never rename or move these. */
public sealed interface CatalogEvent extends CborSerializable {

  record Registered(String name) implements CatalogEvent {}

  record Unregistered(String name) implements CatalogEvent {}
}
