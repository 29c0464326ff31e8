package ferry.persistence;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Pekko's asks hand Java a Scala completion stage that runs every dependent step on the JVM's
 * common pool ({@code thenApply} is {@code thenApplyAsync} there). On the request path that is
 * one more thread to wake for each reply. A stage from here runs its dependent steps on the thread
 * that completes it, the one delivering the reply: a hot queue took 8 to 28 % more single-message
 * sends a second this way (benchmark scenario 2, five pairs).
 */
public final class ReplyStages {
  /** An executor that runs a step at once, on the thread that hands it over. */
  private static final Executor CALLING_THREAD = Runnable::run;

  private ReplyStages() {}

  /** The same outcome as {@code ask}, as a plain stage whose dependent steps run where it completes. */
  public static <T> CompletionStage<T> whereCompleted(CompletionStage<T> ask) {
    return ask.whenCompleteAsync((reply, failure) -> { }, CALLING_THREAD);
  }
}
