package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.node.api.WireJson;
import java.util.Iterator;
import java.util.List;

/**
 * The queue policy that AddPermission and RemovePermission edit: an IAM policy document whose
 * statements carry the permission labels as their Sid.
 */
final class QueuePolicies {
  private static final ObjectMapper JSON = WireJson.MAPPER;

  private QueuePolicies() {}

  /** The policy with a statement for {@code label} added; refused when the label exists. */
  static String withStatement(String policy, String queueArn, String label, List<String> accounts, List<String> actions) {
    ObjectNode document = policy == null ? newDocument(queueArn) : QueueAttributes.jsonObject("Policy", policy);
    ArrayNode statements = document.withArray("Statement");
    for (JsonNode statement : statements) {
      if (label.equals(statement.path("Sid").asText())) {
        throw SqsException.invalid("Label", label, "Already exists.");
      }
    }
    ObjectNode statement = statements.addObject();
    statement.put("Sid", label);
    statement.put("Effect", "Allow");
    ArrayNode principals = statement.putObject("Principal").putArray("AWS");
    accounts.forEach(account -> principals.add("arn:aws:iam::" + account + ":root"));
    ArrayNode allowed = statement.putArray("Action");
    actions.forEach(action -> allowed.add("SQS:" + action));
    statement.put("Resource", queueArn);
    return document.toString();
  }

  /** The policy without the statement for {@code label}; empty text when none is left. */
  static String withoutStatement(String policy, String label) {
    if (policy == null) {
      throw SqsException.invalid("Label", label, "can't find label.");
    }
    ObjectNode document = QueueAttributes.jsonObject("Policy", policy);
    boolean removed = false;
    for (Iterator<JsonNode> statements = document.withArray("Statement").elements(); statements.hasNext(); ) {
      if (label.equals(statements.next().path("Sid").asText())) {
        statements.remove();
        removed = true;
      }
    }
    if (!removed) {
      throw SqsException.invalid("Label", label, "can't find label.");
    }
    return document.withArray("Statement").isEmpty() ? "" : document.toString();
  }

  private static ObjectNode newDocument(String queueArn) {
    ObjectNode document = JSON.createObjectNode();
    document.put("Version", "2012-10-17");
    document.put("Id", queueArn + "/SQSDefaultPolicy");
    document.putArray("Statement");
    return document;
  }
}
