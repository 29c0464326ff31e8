package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The URLs of the queues whose redrive policy names this queue, in pages like ListQueues. */
final class ListDeadLetterSourceQueues implements SqsAction {
  private static final int MAX_RESULTS = 1000;
  private final Queues queues;

  ListDeadLetterSourceQueues(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    QueueId deadLetterQueue = call.queue();
    Integer maxResults = call.params().integerBetween("MaxResults", 1, MAX_RESULTS);
    String after = PageTokens.afterName(call.params().string("NextToken"));
    int limit = maxResults == null ? MAX_RESULTS : maxResults;
    return queues.describe(deadLetterQueue)
        .thenCompose(reply -> {
          Replies.as(reply, QueueReply.Description.class);
          return DeadLetterSources.of(queues, deadLetterQueue);
        })
        .thenApply(sources -> {
          List<String> page = sources.stream().filter(name -> after == null || name.compareTo(after) > 0).toList();
          ObjectNode result = Replies.empty();
          ArrayNode urls = result.putArray("queueUrls");
          page.stream().limit(limit).forEach(name -> urls.add(call.queueUrl(name)));
          if (maxResults != null && page.size() > limit) {
            result.put("NextToken", PageTokens.of(page.get(limit - 1)));
          }
          return result;
        });
  }
}
