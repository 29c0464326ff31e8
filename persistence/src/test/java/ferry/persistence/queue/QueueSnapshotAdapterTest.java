package ferry.persistence.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
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
  private final ObjectMapper mapper = new ObjectMapper(new CBORFactory());

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

  /** Snapshots from before the packed form held each message as an object with the message as sent inside. */
  @Test
  void snapshotsWrittenInTheEarlierFormAreStillRead() throws Exception {
    SentMessage sent = sent(1, "first");
    QueueState state = QueueState.absent()
        .apply(new QueueEvent.QueueCreated(QueueSettings.DEFAULTS, Map.of(), 1_000))
        .apply(new QueueEvent.MessagesSent(List.of(sent)))
        .apply(new QueueEvent.MessagesReceived(List.of(new Claim(1, 40_000)), 10_000, null));
    ObjectNode earlier = mapper.valueToTree(state);
    earlier.remove("packedMessages");
    ObjectNode message = earlier.putArray("messages").addObject();
    message.set("sent", mapper.valueToTree(
        new SentMessage(1, sent.messageId(), "first", Map.of(), Map.of(), "000000000000", null, 2_000, 40_000, null, null)));
    message.put("firstReceivedAt", 10_000).put("lastReceivedAt", 10_000).put("receiveCount", 1);

    QueueState restored = mapper.treeToValue(earlier, QueueState.class);
    StoredMessage first = restored.messages().get(1);
    assertEquals(sent.messageId(), first.messageId());
    assertEquals("first", first.body);
    assertEquals(1, first.receiveCount);
    assertEquals(40_000, first.visibleAt);
  }

  @Test
  void thePackedFormKeepsEveryFieldOfAMessage() throws Exception {
    QueueState state = QueueState.absent()
        .apply(new QueueEvent.QueueCreated(QueueSettings.DEFAULTS, Map.of(), 1_000))
        .apply(new QueueEvent.MessagesSent(List.of(sent(1, "first"))))
        .apply(new QueueEvent.MessagesReceived(List.of(new Claim(1, 40_000)), 10_000, null));
    byte[] stored = mapper.writeValueAsBytes(adapter.toJournal(state));
    QueueState restored = adapter.fromJournal(mapper.readValue(stored, QueueState.Snapshot.class));
    StoredMessage before = state.messages().get(1);
    StoredMessage after = restored.messages().get(1);
    assertEquals(before.asSent(), after.asSent());
    assertEquals(List.of(before.firstReceivedAt, before.lastReceivedAt, (long) before.receiveCount),
        List.of(after.firstReceivedAt, after.lastReceivedAt, (long) after.receiveCount));
  }

  private static SentMessage sent(long seq, String body) {
    return new SentMessage(seq, UUID.randomUUID().toString(), body, Map.of(), Map.of(), "000000000000", null,
        2_000, 2_000, null, null);
  }
}
