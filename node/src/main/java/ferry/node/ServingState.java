package ferry.node;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/** Whether this node serves its APIs yet: set once the database is ready and the port is bound. */
public final class ServingState implements Extension {
  private static final ExtensionId<ServingState> ID = new ExtensionId<>() {
    @Override
    public ServingState createExtension(ActorSystem<?> system) {
      return new ServingState();
    }
  };

  private final AtomicBoolean serving = new AtomicBoolean();

  public static ServingState get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  public boolean isServing() {
    return serving.get();
  }

  void markServing() {
    serving.set(true);
  }
}
