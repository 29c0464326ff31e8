package ferry.node.api.sqs;

import ferry.persistence.queue.Queues;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Which of an account's queues send their dead letters to a given queue: read from each queue's
 * redrive policy, so there is no second record to keep in step.
 */
final class DeadLetterSources {
  private static final int ALL = Integer.MAX_VALUE;

  private DeadLetterSources() {}

  /** Names of the source queues, in name order. */
  static CompletionStage<List<String>> of(Queues queues, QueueId deadLetterQueue) {
    return queues.list(deadLetterQueue.api(), deadLetterQueue.tenant(), "", null, ALL).thenCompose(listing -> {
      List<CompletableFuture<String>> sources = new ArrayList<>();
      for (String name : listing.names()) {
        QueueId candidate = new QueueId(deadLetterQueue.api(), deadLetterQueue.tenant(), name);
        sources.add(queues.describe(candidate).toCompletableFuture().thenApply(reply ->
            reply instanceof QueueReply.Description description && description.settings().redrive() != null
                && description.settings().redrive().deadLetterQueue().equals(deadLetterQueue) ? name : null));
      }
      return CompletableFuture.allOf(sources.toArray(CompletableFuture[]::new))
          .thenApply(done -> sources.stream().map(CompletableFuture::join).filter(name -> name != null).toList());
    });
  }
}
