package ferry.protocol.queue;

import java.util.List;

/**
 * Messages on their way from one queue to another: dead-lettered after too many receives, or
 * moved by a message move task. The sending queue stores a transfer before it removes the
 * messages and keeps it until the receiving queue has stored them; {@code transferSeq} grows
 * per sending queue, which lets the receiver take each transfer exactly once. The messages are
 * kept as they were in the sending queue; dead-lettered ones arrive marked with the queue they
 * came from, moved ones without. {@code taskHandle} names the move task that made it, if any.
 */
public record Transfer(long transferSeq, QueueId destination, List<QueueEvent.SentMessage> messages,
    boolean deadLettered, String taskHandle) {}
