package ferry.deploy.experiments;

import ferry.deploy.load.Availability;
import ferry.deploy.load.Sqs;
import ferry.deploy.load.Traffic;
import ferry.deploy.local.LocalCluster;
import ferry.deploy.local.NodeProcess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code deploy/experiments/failover.sh [runs]}: three node processes on one PostgreSQL (loopback
 * profile) under load from the AWS SDK. Each run kills (SIGKILL) the node that hosts the busiest
 * queue while producers and consumers talk to the two others, measures how long that queue did
 * not answer, drains every queue and counts messages acknowledged, received, duplicated and
 * lost. The killed node is started again before the next run.
 */
public final class FailoverExperiment {
  private static final String ACCOUNT = "000000000000";
  private static final int QUEUES = 4;
  private static final int LOAD_SECONDS_BEFORE_KILL = 5;

  private FailoverExperiment() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    System.out.println("failover experiment: " + runs + " runs, 3 nodes, " + QUEUES + " queues, 3 producers and 3 consumers");
    System.out.println(Machine.describe());
    System.out.println("starting the cluster (PostgreSQL and 3 nodes) ...");
    List<Long> windows = new ArrayList<>();
    long totalLost = 0;
    long totalRedelivered = 0;
    try (LocalCluster cluster = LocalCluster.start("failover-experiment", 3)) {
      System.out.println("run  killed                 window_ms  acknowledged  received  duplicated  lost  back_after_delete  client_errors");
      for (int run = 1; run <= runs; run++) {
        NodeProcess entry = cluster.nodes().stream().filter(NodeProcess::isServing).findFirst().orElseThrow();
        List<String> queues = new ArrayList<>();
        for (int q = 0; q < QUEUES; q++) {
          String name = "run" + run + "-queue" + q;
          queues.add(Sqs.client(entry.endpoint()).createQueue(r -> r.queueName(name)).queueUrl());
        }
        String busiest = queues.get(0);
        NodeProcess victim = cluster.hostOf(ACCOUNT, busiest.substring(busiest.lastIndexOf('/') + 1));
        List<NodeProcess> survivors = cluster.nodes().stream().filter(node -> node != victim).toList();
        Traffic traffic = new Traffic(queues);
        traffic.startProducers(3, survivors.get(0)::endpoint);
        traffic.startConsumers(3, survivors.get(1)::endpoint);
        long windowMillis;
        try (Availability availability = new Availability(survivors.get(0).endpoint(), busiest)) {
          System.out.printf("     run %d: load on %d queues for %d s, then SIGKILL to %s ...%n",
              run, QUEUES, LOAD_SECONDS_BEFORE_KILL, victim.name);
          Thread.sleep(LOAD_SECONDS_BEFORE_KILL * 1000L);
          victim.kill();
          availability.failureNow();
          windowMillis = availability.awaitRecovery(120_000);
          Thread.sleep(3_000);
        }
        System.out.printf("     run %d: queue answered again after %d ms; draining ...%n", run, windowMillis);
        traffic.drain(15, 180);
        windows.add(windowMillis);
        int lost = traffic.acknowledgedButNeverReceived().size();
        int redelivered = traffic.receivedAfterTheirDeleteWasAcknowledged().size();
        totalLost += lost;
        totalRedelivered += redelivered;
        long errors = traffic.errors().values().stream().mapToLong(count -> count.get()).sum();
        System.out.printf("%3d  %-22s %9d  %12d  %8d  %10d  %4d  %17d  %13d%n", run, victim.name, windowMillis,
            traffic.acknowledgedSends(), traffic.receivedCount(), traffic.duplicates().size(), lost, redelivered, errors);
        if (run < runs) {
          System.out.printf("     restarting %s ...%n", victim.name);
          victim.start();
        }
      }
    }
    List<Long> sorted = new ArrayList<>(windows);
    Collections.sort(sorted);
    System.out.printf("unavailability window over %d runs: median %d ms, worst %d ms; lost %d, delivered after an acknowledged delete %d%n",
        runs, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), totalLost, totalRedelivered);
    System.out.println("window: from the SIGKILL to the first acknowledged send to the busiest queue, through a surviving node;"
        + " 'received' counts distinct messages (probe messages included), 'duplicated' those delivered more than once");
  }
}
