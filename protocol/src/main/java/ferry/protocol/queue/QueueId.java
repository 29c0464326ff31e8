package ferry.protocol.queue;

/**
 * Names one queue in the cluster: the API that created it, the tenant (an SQS account id) and
 * its name. The entity id ({@code api:tenant:name}; Pekko reserves {@code |}) is stable for the life of the data, so its format never changes.
 */
public record QueueId(String api, String tenant, String name) {

  public static QueueId sqs(String account, String name) {
    return new QueueId("sqs", account, name);
  }

  public String entityId() {
    return api + ":" + tenant + ":" + name;
  }

  /** The catalog that lists this queue's siblings. */
  public String catalogId() {
    return api + ":" + tenant;
  }

  /** How logs name a queue: {@code orders of 000000000000 (sqs)}. */
  @Override
  public String toString() {
    return name + " of " + tenant + " (" + api + ")";
  }

  public static QueueId fromEntityId(String entityId) {
    String[] parts = entityId.split(":", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a queue entity id: " + entityId);
    }
    return new QueueId(parts[0], parts[1], parts[2]);
  }
}
