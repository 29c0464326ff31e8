package ferry.persistence.queue;

import ferry.protocol.queue.NewMessage;
import ferry.protocol.queue.QueueEvent;
import ferry.protocol.queue.QueueOp;
import ferry.protocol.queue.QueueSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A queue entity's state work for one round of ten messages — plan and apply a send, a receive
 * and a delete — on a queue of a given depth, standard and FIFO, to show that deep queues cost
 * no more per message. Lives in the entity's package to reach its package-private state; run
 * with {@code mvn -B -Pjmh -DskipTests verify}, not by the tests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx4g")
public class QueueStateBenchmark {
  @Param({"0", "100000"})
  public int depth;

  @Param({"false", "true"})
  public boolean fifo;

  private QueueState state;
  private long now = 1_700_000_000_000L;
  private long deduplication;

  @Setup(Level.Trial)
  public void fill() {
    state = QueueState.absent();
    QueueSettings.Fifo fifoSettings = fifo ? QueueSettings.Fifo.DEFAULTS : null;
    state.apply(new QueueEvent.QueueCreated(QueueSettings.DEFAULTS.overlay(
        new QueueSettings(null, null, null, null, null, fifoSettings, null, Map.of())), Map.of(), now));
    for (int sent = 0; sent < depth; sent += 100) {
      applyAll(plan(planner -> planner.send(sendOf(100))));
    }
  }

  @Benchmark
  public QueueState sendReceiveDeleteTen() {
    now += 1;
    applyAll(plan(planner -> planner.send(sendOf(10))));
    BatchPlan receive = plan(planner -> planner.receive(new QueueOp.Receive(10, 60, 0, null, null)));
    List<QueueEvent> received = receive.events();
    applyAll(received);
    List<Long> seqs = new ArrayList<>();
    for (QueueEvent event : received) {
      if (event instanceof QueueEvent.MessagesReceived claims) {
        claims.claims().forEach(claim -> seqs.add(claim.seq()));
      }
    }
    state.apply(new QueueEvent.MessagesDeleted(seqs));
    return state;
  }

  private QueueOp.Send sendOf(int count) {
    List<NewMessage> messages = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      messages.add(new NewMessage("x".repeat(256), Map.of(), Map.of(), null, fifo ? "g" + (i % 16) : null,
          fifo ? "d" + deduplication++ : null));
    }
    return new QueueOp.Send(messages, "000000000000", null);
  }

  private BatchPlan plan(java.util.function.Consumer<BatchPlan> work) {
    state.settle(now);
    BatchPlan plan = new BatchPlan(state, now);
    work.accept(plan);
    return plan;
  }

  private void applyAll(BatchPlan plan) {
    applyAll(plan.events());
  }

  private void applyAll(List<QueueEvent> events) {
    events.forEach(state::apply);
  }
}
