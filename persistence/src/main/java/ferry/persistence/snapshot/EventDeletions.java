package ferry.persistence.snapshot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Deletes journal events one entity at a time. Queues that run at the same rate snapshot at the
 * same moment, and their deletions all at once took every connection of the pool the journal
 * writes through: sends waited up to half a second behind them (scenario 5 of the benchmark,
 * send p99 25 ms without deletions, 320 to 490 ms with them). One at a time, a deletion holds one
 * connection. Requests for an entity whose deletion has not started yet merge into one, to the
 * highest sequence number.
 */
final class EventDeletions {

  /** Deletes the events of one entity before a sequence number; completes when they are gone or it failed. */
  interface Deletion {
    CompletionStage<Done> delete(String persistenceId, long toSequenceNr);
  }

  private final Deletion deletion;
  /** Entities waiting, in the order they first asked, with the sequence number to delete before. */
  private final Map<String, Long> waiting = new LinkedHashMap<>();
  private boolean running;
  private boolean stopped;

  EventDeletions(Deletion deletion) {
    this.deletion = deletion;
  }

  void request(String persistenceId, long toSequenceNr) {
    synchronized (this) {
      if (stopped) {
        return;
      }
      waiting.merge(persistenceId, toSequenceNr, Math::max);
    }
    startNext();
  }

  /**
   * The node stops: no deletion starts from now on, and those waiting are dropped; each entity's
   * next deletion, after a restart, covers their events. Returns how many entities were waiting.
   */
  int stop() {
    synchronized (this) {
      stopped = true;
      int dropped = waiting.size();
      waiting.clear();
      return dropped;
    }
  }

  private void startNext() {
    Map.Entry<String, Long> next;
    synchronized (this) {
      if (running || stopped || waiting.isEmpty()) {
        return;
      }
      Map.Entry<String, Long> first = waiting.entrySet().iterator().next();
      next = Map.entry(first.getKey(), first.getValue());
      waiting.remove(first.getKey());
      running = true;
    }
    // a deletion that throws instead of failing its stage must not stop the ones after it
    CompletableFuture.completedFuture(next).thenCompose(entry -> deletion.delete(entry.getKey(), entry.getValue()))
        .whenComplete((done, failure) -> {
          synchronized (this) {
            running = false;
          }
          startNext();
        });
  }
}
