package ferry.persistence;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.db.SlickDatabase;
import org.apache.pekko.persistence.jdbc.db.SlickExtension;
import org.apache.pekko.persistence.jdbc.db.SlickExtensionImpl;

/**
 * The database of the JDBC plugin: journal, snapshot store and queries share one pool (the node's
 * persistence.conf), so Ferry's own statements run on its connections too.
 */
public final class PluginDatabase {
  private PluginDatabase() {}

  public static SlickDatabase of(ActorSystem<?> system) {
    SlickExtensionImpl slick = (SlickExtensionImpl) SlickExtension.get(system.classicSystem());
    return slick.database(system.settings().config().getConfig("jdbc-journal"));
  }
}
