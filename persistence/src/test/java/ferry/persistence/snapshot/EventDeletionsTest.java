package ferry.persistence.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.junit.jupiter.api.Test;

class EventDeletionsTest {

  /** Records each deletion started; the test completes them. */
  private static final class Recorded implements EventDeletions.Deletion {
    final List<String> started = new ArrayList<>();
    final List<CompletableFuture<Done>> running = new ArrayList<>();

    @Override
    public CompletionStage<Done> delete(String persistenceId, long toSequenceNr) {
      started.add(persistenceId + "@" + toSequenceNr);
      CompletableFuture<Done> deletion = new CompletableFuture<>();
      running.add(deletion);
      return deletion;
    }

    void finishLatest() {
      running.get(running.size() - 1).complete(Done.done());
    }
  }

  @Test
  void oneDeletionRunsAtATimeAndWaitingRequestsOfAnEntityMergeToTheNewest() {
    Recorded deletion = new Recorded();
    EventDeletions deletions = new EventDeletions(deletion);

    deletions.request("a", 10);
    deletions.request("b", 5);
    deletions.request("a", 20);
    deletions.request("b", 7);
    assertEquals(List.of("a@10"), deletion.started);

    deletion.finishLatest();
    assertEquals(List.of("a@10", "b@7"), deletion.started);
    deletion.finishLatest();
    assertEquals(List.of("a@10", "b@7", "a@20"), deletion.started);
    deletion.finishLatest();
    assertEquals(3, deletion.started.size());
  }

  @Test
  void stoppingDropsTheWaitingDeletionsAndStartsNoMore() {
    Recorded deletion = new Recorded();
    EventDeletions deletions = new EventDeletions(deletion);
    deletions.request("a", 10);
    deletions.request("b", 5);
    deletions.request("c", 5);

    assertEquals(2, deletions.stop());
    deletion.finishLatest();
    deletions.request("d", 1);

    assertEquals(List.of("a@10"), deletion.started);
  }

  @Test
  void aFailedOrThrowingDeletionDoesNotStopTheNext() {
    List<String> started = new ArrayList<>();
    EventDeletions deletions = new EventDeletions((persistenceId, toSequenceNr) -> {
      started.add(persistenceId);
      if (persistenceId.equals("throws")) {
        throw new IllegalStateException("no connection");
      }
      return CompletableFuture.failedFuture(new IllegalStateException("refused"));
    });

    deletions.request("throws", 1);
    deletions.request("fails", 1);
    deletions.request("next", 1);
    assertEquals(List.of("throws", "fails", "next"), started);
  }
}
