package ferry.node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/** pekko-management readiness check (see management.conf): ready once the node serves. */
public final class ServingCheck implements Supplier<CompletionStage<Boolean>> {
  private final ServingState state;

  public ServingCheck(ActorSystem system) {
    this.state = ServingState.get(Adapter.toTyped(system));
  }

  @Override
  public CompletionStage<Boolean> get() {
    return CompletableFuture.completedFuture(state.isServing());
  }
}
