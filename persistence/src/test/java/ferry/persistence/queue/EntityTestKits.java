package ferry.persistence.queue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.SerializationSettings;

/** How the entity tests run the persistence test kit. */
final class EntityTestKits {
  private EntityTestKits() {}

  /**
   * Every event persisted in a test must come back equal from the journal's serializer: a field
   * it drops is lost when the queue recovers (FIFO settings were). Commands hold test probes and
   * the state has no equality, so those are not compared.
   */
  static final SerializationSettings EVENTS_COME_BACK_EQUAL =
      new SerializationSettings(true, true, false, true, false);

  static Config config() {
    return EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load());
  }
}
