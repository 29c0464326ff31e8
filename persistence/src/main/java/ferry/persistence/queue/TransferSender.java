package ferry.persistence.queue;

import ferry.persistence.ReplyStages;
import ferry.protocol.queue.QueueCommand;
import ferry.protocol.queue.QueueEvent.SentMessage;
import ferry.protocol.queue.QueueId;
import ferry.protocol.queue.QueueReply;
import ferry.protocol.queue.Transfer;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import java.util.function.Function;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Offers a queue's stored transfers to their destination queues: the oldest first and one at a
 * time, so that each destination sees a sender's transfers in order and can take each exactly
 * once; answers come back to the entity as {@link QueueCommand.TransferAnswered}. A transfer
 * that got no answer is offered again from the entity's next {@link QueueCommand.TransferTick}.
 */
final class TransferSender {
  private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

  private final ActorContext<QueueCommand> context;
  private final Function<QueueId, RecipientRef<QueueCommand>> queues;
  private final QueueId self;
  private final Duration askTimeout;
  private boolean offering;
  private Cancellable nextTick = Cancellable.alreadyCancelled();

  TransferSender(ActorContext<QueueCommand> context, Function<QueueId, RecipientRef<QueueCommand>> queues,
      QueueId self, Duration askTimeout) {
    this.context = context;
    this.queues = queues;
    this.self = self;
    this.askTimeout = askTimeout;
  }

  /** Offers the oldest stored transfer unless one is already on its way. */
  void offerNext(QueueState state) {
    if (offering || state.outbox().isEmpty()) {
      return;
    }
    Transfer transfer = state.outbox().firstEntry().getValue();
    List<SentMessage> arriving = transfer.messages().stream().map(message -> asArriving(message, transfer)).toList();
    offering = true;
    context.pipeToSelf(ReplyStages.whereCompleted(
        AskPattern.<QueueCommand, QueueReply>ask(queues.apply(transfer.destination()),
            replyTo -> new QueueCommand.Adopt(self, transfer.transferSeq(), arriving, replyTo),
            askTimeout, context.getSystem().scheduler())),
        (answer, failure) -> new QueueCommand.TransferAnswered(transfer.transferSeq(), failure == null ? answer : null));
  }

  void answered() {
    offering = false;
  }

  /** The next tick after {@code delay}, in place of one scheduled before. */
  void tickAfter(Duration delay) {
    nextTick.cancel();
    nextTick = context.scheduleOnce(delay, context.getSelf(), new QueueCommand.TransferTick());
  }

  void retryLater() {
    tickAfter(RETRY_AFTER);
  }

  /** Dead-lettered messages arrive marked with the queue they come from; moved ones unmarked. */
  private SentMessage asArriving(SentMessage message, Transfer transfer) {
    return new SentMessage(message.seq(), message.messageId(), message.body(), message.attributes(),
        message.systemAttributes(), message.senderId(), message.groupId(), message.sentAt(), message.visibleAt(),
        message.deduplicationId(), transfer.deadLettered() ? self : null);
  }
}
