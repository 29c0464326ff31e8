package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletionStage;

/**
 * One SQS action: reads its parameters, asks the queues, and answers with its result in the JSON
 * protocol's shape, which the front end renders in the protocol the request came in. Refusals are
 * {@link SqsException}s, thrown or as the stage's failure.
 */
interface SqsAction {
  CompletionStage<ObjectNode> handle(SqsCall call);
}
