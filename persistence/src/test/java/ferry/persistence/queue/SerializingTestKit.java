package ferry.persistence.queue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/**
 * The persistence test kit with events and snapshots stored serialized, as a node's journal
 * stores them: a restart in a test reads back what the serializer kept, so a field it drops
 * shows up as a queue that recovers differently.
 */
final class SerializingTestKit {
  private SerializingTestKit() {}

  static Config config() {
    return ConfigFactory.parseString("""
            pekko.persistence.testkit.events.serialize = on
            pekko.persistence.testkit.snapshots.serialize = on
            """)
        .withFallback(EventSourcedBehaviorTestKit.config())
        .withFallback(ConfigFactory.load());
  }
}
