package ferry.persistence.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ferry.protocol.queue.QueueEvent;
import ferry.protocol.queue.QueueEvent.Claim;
import ferry.protocol.queue.QueueEvent.SentMessage;
import ferry.protocol.queue.QueueSettings;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueueSnapshotAdapterTest {

  private final QueueSnapshotAdapter adapter = new QueueSnapshotAdapter();

  @Test
  void aSnapshotKeepsTheStateOfItsMomentWhileTheQueueGoesOn() {
    QueueState state = QueueState.absent()
        .apply(new QueueEvent.QueueCreated(QueueSettings.DEFAULTS, Map.of("team", "a"), 1_000))
        .apply(new QueueEvent.MessagesSent(List.of(sent(1, "first"))));

    Object snapshot = adapter.toJournal(state);
    state.apply(new QueueEvent.MessagesReceived(List.of(new Claim(1, 40_000)), 10_000, null))
        .apply(new QueueEvent.MessagesSent(List.of(sent(2, "second"))))
        .apply(new QueueEvent.Tagged(Map.of("team", "b")));

    QueueState restored = adapter.fromJournal(snapshot);
    assertEquals(1, restored.messages().size());
    StoredMessage first = restored.messages().get(1);
    assertEquals("first", first.body);
    assertEquals(0, first.receiveCount);
    assertEquals(2_000, first.visibleAt);
    assertEquals(Map.of("team", "a"), restored.tags());
    assertEquals(2, state.messages().size());
    assertEquals(1, state.messages().get(1).receiveCount);
  }

  private static SentMessage sent(long seq, String body) {
    return new SentMessage(seq, UUID.randomUUID().toString(), body, Map.of(), Map.of(), "000000000000", null,
        2_000, 2_000, null, null);
  }
}
