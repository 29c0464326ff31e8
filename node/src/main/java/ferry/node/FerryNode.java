package ferry.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code java -jar ferry-node.jar}: one Ferry node as a process. SIGTERM leaves the cluster
 * gracefully (shards are handed to other nodes) and the process exits 0; a node that the
 * cluster downs exits too, so that a supervisor can start it again.
 */
public final class FerryNode {
  private static final Logger log = LoggerFactory.getLogger(FerryNode.class);

  /** Why the node shuts down when it receives SIGTERM. */
  private enum SigtermReason implements CoordinatedShutdown.Reason { INSTANCE }

  private FerryNode() {}

  public static void main(String[] args) {
    CommonPool.keepThreads();
    // Only the process exits the JVM when its actor system stops; tests that run nodes in their
    // own JVM keep the default.
    Config config = NodeConfig.load(ConfigFactory.parseString("pekko.coordinated-shutdown.exit-jvm = on"));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), NodeConfig.SYSTEM_NAME, config);
    Signal.handle(new Signal("TERM"), signal -> {
      log.info("Ferry node received SIGTERM: leaving the cluster and stopping");
      CoordinatedShutdown.get(system).runAll(SigtermReason.INSTANCE);
    });
    Node.start(system, Clock.systemUTC()).exceptionally(failure -> {
      log.error("Ferry node failed to start and stops", failure);
      System.exit(1);
      return null;
    });
  }
}
