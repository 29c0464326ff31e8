package ferry.protocol.queue;

import ferry.protocol.CborSerializable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/** Everything a queue entity is asked to do. Each reply comes only after its events are stored. */
public sealed interface QueueCommand extends CborSerializable {

  /** Create the queue, or confirm it exists when every given setting and tag matches. */
  record Create(QueueSettings settings, Map<String, String> tags, ActorRef<QueueReply> replyTo)
      implements QueueCommand {}

  /** Settings, tags, timestamps and message counters. */
  record Describe(ActorRef<QueueReply> replyTo) implements QueueCommand {}

  record Configure(QueueSettings changes, ActorRef<QueueReply> replyTo) implements QueueCommand {}

  record Tag(Map<String, String> tags, ActorRef<QueueReply> replyTo) implements QueueCommand {}

  record Untag(Set<String> keys, ActorRef<QueueReply> replyTo) implements QueueCommand {}

  /** Delete every message, in flight or not; refused while the previous purge is under a minute old. */
  record Purge(ActorRef<QueueReply> replyTo) implements QueueCommand {}

  /** Delete the queue with its messages; its name is blocked for a minute. */
  record Delete(ActorRef<QueueReply> replyTo) implements QueueCommand {}

  /**
   * Message work from many clients, coalesced by a node's {@link QueueOp} lane into one command so
   * that it costs one journal write. Each op is answered on its own reply-to; {@code laneReplyTo}
   * hears when the whole batch is stored, so the lane can send the next one.
   */
  record Apply(List<QueueOp> ops, ActorRef<BatchApplied> laneReplyTo) implements QueueCommand {}

  /**
   * Another queue hands over messages (see {@link Transfer}); answered Done once they are stored,
   * or at once when this queue took that transfer before.
   */
  record Adopt(QueueId source, long transferSeq, List<QueueEvent.SentMessage> messages,
      ActorRef<QueueReply> replyTo) implements QueueCommand {}

  /** Sent by the entity itself when a destination answered a transfer, or did not. */
  record TransferAnswered(long transferSeq, QueueReply answer) implements QueueCommand {}

  /** The entity's own timer: retry transfers and advance a running move task. */
  record TransferTick() implements QueueCommand {}

  /** Start moving this dead-letter queue's messages; {@code destination} null: back to their sources. */
  record StartMoveTask(QueueId destination, String destinationArn, Integer maxPerSecond,
      ActorRef<QueueReply> replyTo) implements QueueCommand {}

  record CancelMoveTask(String handle, ActorRef<QueueReply> replyTo) implements QueueCommand {}

  /** The most recent move tasks, newest first. */
  record ListMoveTasks(int max, ActorRef<QueueReply> replyTo) implements QueueCommand {}

  /** Sent by the entity's own timer: answer long polls whose wait ended or whose messages appeared. */
  record WakeUp() implements QueueCommand {}

  /** Sent by the entity to itself when its events call for a snapshot, to take it between commands. */
  record TakeSnapshot() implements QueueCommand {}

  /** The entity's snapshot at {@code sequenceNr} was stored; {@code failure} null, or why not. */
  record SnapshotStored(long sequenceNr, String failure) implements QueueCommand {}

  /** Sharding's stop message on passivation: parked long polls get an empty answer first. */
  record Passivate() implements QueueCommand {}

  /** Tells a lane that the batch it sent is stored and answered. */
  record BatchApplied() implements CborSerializable {}
}
