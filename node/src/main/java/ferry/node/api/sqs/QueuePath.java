package ferry.node.api.sqs;

/** A request path that names a queue, {@code /<account>/<name>}, as the SDK for Java v1 sends them. */
record QueuePath(String account, String name) {}
