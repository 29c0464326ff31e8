package ferry.protocol.queue;

/**
 * A message move task of a dead-letter queue: it moves the queue's messages to
 * {@code destination}, or each back to the queue it was dead-lettered from when that is null, at
 * most {@code maxPerSecond} a second (null: the queue's own pace).
 */
public record MoveTask(
    String handle,
    Status status,
    String destinationArn,
    QueueId destination,
    Integer maxPerSecond,
    long moved,
    long toMove,
    long startedAt,
    String failureReason) {

  public enum Status { RUNNING, COMPLETED, CANCELLED, FAILED }

  public MoveTask withMoved(long movedNow) {
    return new MoveTask(handle, status, destinationArn, destination, maxPerSecond, movedNow, toMove, startedAt, failureReason);
  }

  public MoveTask ended(Status endStatus, String reason) {
    return new MoveTask(handle, endStatus, destinationArn, destination, maxPerSecond, moved, toMove, startedAt, reason);
  }
}
