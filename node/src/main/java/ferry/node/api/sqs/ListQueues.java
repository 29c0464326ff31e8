package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.persistence.queue.Queues;
import java.util.concurrent.CompletionStage;

/**
 * The account's queue URLs by name, optionally by prefix, in pages. Without MaxResults the first
 * 1000 come and no token; with it, a token comes only when more queues remain.
 */
final class ListQueues implements SqsAction {
  private static final int MAX_RESULTS = 1000;
  private final Queues queues;

  ListQueues(Queues queues) {
    this.queues = queues;
  }

  @Override
  public CompletionStage<ObjectNode> handle(SqsCall call) {
    String prefix = call.params().string("QueueNamePrefix");
    Integer maxResults = call.params().integerBetween("MaxResults", 1, MAX_RESULTS);
    String after = PageTokens.afterName(call.params().string("NextToken"));
    int limit = maxResults == null ? MAX_RESULTS : maxResults;
    return queues.list("sqs", call.account(), prefix, after, limit).thenApply(listing -> {
      ObjectNode result = Replies.empty();
      if (!listing.names().isEmpty()) {
        ArrayNode urls = result.putArray("QueueUrls");
        listing.names().forEach(name -> urls.add(call.queueUrl(name)));
      }
      if (maxResults != null && listing.more()) {
        String last = listing.names().get(listing.names().size() - 1);
        result.put("NextToken", PageTokens.of(last));
      }
      return result;
    });
  }
}
