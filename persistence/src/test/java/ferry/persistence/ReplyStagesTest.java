package ferry.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import scala.concurrent.Promise;
import scala.jdk.javaapi.FutureConverters;

class ReplyStagesTest {

  /** What an ask hands Java: a Scala future's stage, completed by whichever thread replies. */
  private static CompletionStage<String> askStage(Promise<String> promise) {
    return FutureConverters.asJava(promise.future());
  }

  private static void completeOn(String threadName, Runnable completion) throws InterruptedException {
    Thread replier = new Thread(completion, threadName);
    replier.start();
    replier.join();
  }

  @Test
  void aScalaStageRunsItsNextStepElsewhere() throws Exception {
    Promise<String> promise = Promise.apply();
    CompletionStage<String> step = askStage(promise).thenApply(reply -> Thread.currentThread().getName());

    completeOn("replier", () -> promise.success("reply"));

    // the common pool, or on a machine where that pool has one worker, a new thread per step
    assertNotEquals("replier", step.toCompletableFuture().get(10, TimeUnit.SECONDS));
  }

  @Test
  void aReplyStageRunsItsNextStepOnTheThreadThatCompletedIt() throws Exception {
    Promise<String> promise = Promise.apply();
    CompletionStage<String> step = ReplyStages.whereCompleted(askStage(promise))
        .thenApply(reply -> reply + " on " + Thread.currentThread().getName());

    completeOn("replier", () -> promise.success("reply"));

    assertEquals("reply on replier", step.toCompletableFuture().getNow("not yet run"));
  }

  @Test
  void aFailureReachesTheNextStepUnchangedAwayFromTheThreadThatFailedIt() throws Exception {
    Promise<String> promise = Promise.apply();
    IllegalStateException timedOut = new IllegalStateException("timed out");
    CompletionStage<String> step = ReplyStages.whereCompleted(askStage(promise))
        .handle((reply, failure) -> failure.getMessage() + " on " + Thread.currentThread().getName());

    completeOn("scheduler", () -> promise.failure(timedOut));

    String handled = step.toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(handled.startsWith("timed out on "), handled);
    assertNotEquals("timed out on scheduler", handled);
  }
}
