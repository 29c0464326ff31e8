package ferry.persistence;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Pekko's asks hand Java a Scala completion stage that runs every dependent step on the JVM's
 * common pool ({@code thenApply} is {@code thenApplyAsync} there). On the request path that is
 * one more thread to wake for each reply. A stage from here runs its dependent steps on the thread
 * that delivers the reply: a hot queue took 8 to 28 % more single-message sends a second this way
 * (benchmark scenario 2, five pairs).
 */
public final class ReplyStages {
  /** An executor that runs a step at once, on the thread that hands it over. */
  private static final Executor CALLING_THREAD = Runnable::run;

  private ReplyStages() {}

  /**
   * The same outcome as {@code ask}, as a plain stage whose dependent steps run where the reply
   * arrives. A failed ask still continues on the common pool: its timeout fires on the scheduler's
   * one thread, which must not render and log every request a failover leaves unanswered.
   */
  public static <T> CompletionStage<T> whereCompleted(CompletionStage<T> ask) {
    CompletableFuture<T> outcome = new CompletableFuture<>();
    ask.whenCompleteAsync((reply, failure) -> {
      if (failure == null) {
        outcome.complete(reply);
      } else {
        ForkJoinPool.commonPool().execute(() -> outcome.completeExceptionally(failure));
      }
    }, CALLING_THREAD);
    return outcome;
  }
}
