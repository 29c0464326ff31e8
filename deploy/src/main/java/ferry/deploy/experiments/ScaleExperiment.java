package ferry.deploy.experiments;

import ferry.deploy.load.Sqs;
import ferry.deploy.load.Traffic;
import ferry.deploy.local.LocalCluster;
import ferry.deploy.local.NodeProcess;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@code deploy/experiments/scale.sh [seconds]}: the same load (producers sending batches of 5,
 * consumers receiving and deleting batches of 10, spread evenly over the nodes) against clusters
 * of 1, 2 and 3 nodes on one PostgreSQL, each node pinned to a core; prints messages per second
 * sent and received for each size.
 */
public final class ScaleExperiment {
  private static final int QUEUES = 16;
  private static final int PRODUCERS = 16;
  private static final int CONSUMERS = 16;
  private static final int WARM_UP_SECONDS = 10;

  private ScaleExperiment() {}

  private record Row(int nodes, double sentPerSecond, double receivedPerSecond, long errors) {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    System.out.printf("scale experiment: %d queues, %d producers (batches of 5), %d consumers (batches of 10),"
        + " %d s warm-up and %d s measured per cluster size%n", QUEUES, PRODUCERS, CONSUMERS, WARM_UP_SECONDS, seconds);
    System.out.println(Machine.describe());
    System.out.println("nodes are pinned to core (i-1) mod " + Machine.cores() + " with taskset; PostgreSQL and the load generator are not pinned");
    List<Row> rows = new ArrayList<>();
    for (int size = 1; size <= 3; size++) {
      rows.add(measure(size, seconds));
    }
    System.out.println();
    System.out.println("nodes  sent msg/s  received msg/s  client errors");
    for (Row row : rows) {
      System.out.printf("%5d  %10.0f  %14.0f  %13d%n", row.nodes(), row.sentPerSecond(), row.receivedPerSecond(), row.errors());
    }
    System.out.println();
    System.out.println("what this machine can show: " + Machine.cores() + " cores run every node, PostgreSQL and this load"
        + " generator, so a larger cluster gets no more CPU; the table shows what spreading queues over more nodes costs"
        + " (remote hops between nodes, more JVMs per core), not the capacity that more machines would add.");
  }

  private static Row measure(int size, int seconds) throws Exception {
    System.out.printf("%d node(s): starting the cluster ...%n", size);
    try (LocalCluster cluster = LocalCluster.start("scale-" + size, size, true)) {
      List<URI> endpoints = cluster.nodes().stream().map(NodeProcess::endpoint).toList();
      List<String> queues = new ArrayList<>();
      for (int q = 0; q < QUEUES; q++) {
        String name = "scale-" + q;
        queues.add(Sqs.client(endpoints.get(q % endpoints.size()))
            .createQueue(r -> r.queueName(name)).queueUrl());
      }
      Traffic traffic = new Traffic(queues);
      traffic.startProducers(PRODUCERS, roundRobin(endpoints));
      traffic.startConsumers(CONSUMERS, roundRobin(endpoints));
      System.out.printf("%d node(s): warming up for %d s ...%n", size, WARM_UP_SECONDS);
      Thread.sleep(WARM_UP_SECONDS * 1000L);
      long sentBefore = traffic.acknowledgedSends();
      long receivedBefore = traffic.receivedCount();
      long started = System.nanoTime();
      for (int elapsed = 0; elapsed < seconds; elapsed += 10) {
        Thread.sleep(Math.min(10, seconds - elapsed) * 1000L);
        System.out.printf("%d node(s): %d s measured, %d sent, %d received so far%n", size, Math.min(elapsed + 10, seconds),
            traffic.acknowledgedSends() - sentBefore, traffic.receivedCount() - receivedBefore);
      }
      double measuredSeconds = (System.nanoTime() - started) / 1e9;
      Row row = new Row(size, (traffic.acknowledgedSends() - sentBefore) / measuredSeconds,
          (traffic.receivedCount() - receivedBefore) / measuredSeconds,
          traffic.errors().values().stream().mapToLong(AtomicLong::get).sum());
      traffic.drain(0, 1);
      return row;
    }
  }

  /** Each call the next node, so that every client's calls spread over all nodes. */
  private static Supplier<URI> roundRobin(List<URI> endpoints) {
    AtomicLong next = new AtomicLong();
    return () -> endpoints.get((int) (next.getAndIncrement() % endpoints.size()));
  }
}
