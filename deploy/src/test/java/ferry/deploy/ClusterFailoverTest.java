package ferry.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ferry.deploy.load.Availability;
import ferry.deploy.load.Sqs;
import ferry.deploy.load.Traffic;
import ferry.deploy.local.LocalCluster;
import ferry.deploy.local.NodeProcess;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Three node processes on one PostgreSQL, driven through the AWS SDK, with nodes killed,
 * frozen and restarted under load. Acknowledged means persisted: nothing acknowledged is lost,
 * nothing whose delete was acknowledged comes back.
 */
class ClusterFailoverTest {
  private static final String ACCOUNT = "000000000000";
  /** The loopback profile's bound on how long a killed node's queues stay silent. */
  private static final long LOOPBACK_FAILOVER_BOUND_MILLIS = 30_000;

  private LocalCluster cluster;

  @AfterEach
  void stopCluster() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static List<String> createQueues(URI node, String prefix, int count, Map<QueueAttributeName, String> attributes) {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = prefix + "-" + i;
      urls.add(Sqs.client(node).createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl());
    }
    return urls;
  }

  private static String nameOf(String queueUrl) {
    return queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
  }

  private List<NodeProcess> others(NodeProcess excluded) {
    return cluster.nodes().stream().filter(node -> node != excluded).toList();
  }

  @Test
  void killingTheNodeThatHostsTheBusiestQueueLosesNoAcknowledgedMessage() throws Exception {
    cluster = LocalCluster.start("kill", 3);
    List<String> queues = createQueues(cluster.node(0).endpoint(), "busy", 4, Map.of());
    for (NodeProcess node : cluster.nodes()) {
      List<String> listed = Sqs.client(node.endpoint()).listQueues(r -> r.queueNamePrefix("busy")).queueUrls().stream()
          .map(ClusterFailoverTest::nameOf).toList();
      assertEquals(queues.stream().map(ClusterFailoverTest::nameOf).toList(), listed, "ListQueues on " + node.name);
    }
    NodeProcess victim = cluster.hostOf(ACCOUNT, nameOf(queues.get(0)));
    List<NodeProcess> survivors = others(victim);
    NodeProcess producerNode = survivors.get(0);
    NodeProcess consumerNode = survivors.get(1);

    Traffic traffic = new Traffic(queues);
    traffic.startProducers(3, producerNode::endpoint);
    traffic.startConsumers(3, consumerNode::endpoint);
    try (Availability busiest = new Availability(producerNode.endpoint(), queues.get(0))) {
      Thread.sleep(4_000);
      victim.kill();
      busiest.failureNow();
      long windowMillis = busiest.awaitRecovery(90_000);
      System.out.printf("failover: %s killed (SIGKILL); queue %s answered again after %d ms%n",
          victim.name, nameOf(queues.get(0)), windowMillis);
      assertTrue(windowMillis >= 0, "the busiest queue answered again after the kill");
      assertTrue(windowMillis <= LOOPBACK_FAILOVER_BOUND_MILLIS, "unavailable for " + windowMillis + " ms");
      Thread.sleep(3_000);
    }
    traffic.drain(15, 120);
    System.out.println("failover traffic: " + traffic.summary());
    assertTrue(traffic.acknowledgedSends() > 100, "enough load ran: " + traffic.summary());
    assertEquals(Set.of(), traffic.acknowledgedButNeverReceived(), "acknowledged sends never received");
    assertEquals(Set.of(), traffic.receivedAfterTheirDeleteWasAcknowledged(), "delivered again after an acknowledged delete");
  }

  @Test
  void aFrozenNodeIsDownedAndExitsInsteadOfWritingBesideItsSuccessor() throws Exception {
    cluster = LocalCluster.start("freeze", 3);
    List<String> queues = createQueues(cluster.node(0).endpoint(), "frozen", 1, Map.of());
    String queue = queues.get(0);
    NodeProcess victim = cluster.hostOf(ACCOUNT, nameOf(queue));
    NodeProcess survivor = others(victim).get(0);
    SqsClient sqs = Sqs.client(survivor.endpoint());
    List<String> acknowledged = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      acknowledged.add(sqs.sendMessage(r -> r.queueUrl(queue).messageBody("before the freeze")).messageId());
    }

    victim.freeze();
    try (Availability availability = new Availability(survivor.endpoint(), queue)) {
      availability.failureNow();
      long windowMillis = availability.awaitRecovery(90_000);
      System.out.printf("freeze: %s stopped (SIGSTOP); queue answered from a survivor after %d ms%n", victim.name, windowMillis);
      assertTrue(windowMillis >= 0 && windowMillis <= LOOPBACK_FAILOVER_BOUND_MILLIS, "window " + windowMillis + " ms");
    }
    assertEquals(2, cluster.membersUp(survivor), "the frozen node was removed");
    for (int i = 0; i < 20; i++) {
      acknowledged.add(sqs.sendMessage(r -> r.queueUrl(queue).messageBody("while frozen")).messageId());
    }

    victim.thaw();
    int exitCode = victim.awaitExit(Duration.ofSeconds(60));
    System.out.println("freeze: " + victim.name + " exited with " + exitCode + " after SIGCONT");
    assertNotEquals(-1, exitCode, "the downed node exits by itself");
    for (int i = 0; i < 20; i++) {
      acknowledged.add(sqs.sendMessage(r -> r.queueUrl(queue).messageBody("after the thaw")).messageId());
    }
    Map<String, String> bodies = receiveAll(sqs, queue);
    assertTrue(bodies.keySet().containsAll(acknowledged), "every acknowledged message is there");
    bodies.keySet().removeAll(acknowledged);
    assertEquals(Set.of("probe"), Set.copyOf(bodies.values()), "the rest are the availability probe's");
  }

  @Test
  void aRollingRestartUnderLoadLosesNothingAndClientsSeeOnlyRetryableErrors() throws Exception {
    cluster = LocalCluster.start("rolling", 3);
    List<String> queues = createQueues(cluster.node(0).endpoint(), "rolling", 3, Map.of());
    Traffic traffic = new Traffic(queues);
    traffic.startProducers(2, this::anyLiveNode);
    traffic.startConsumers(2, this::anyLiveNode);
    Thread.sleep(3_000);
    for (NodeProcess node : cluster.nodes()) {
      long started = System.nanoTime();
      assertEquals(0, node.stop(), node.name + " exit code after SIGTERM");
      node.start();
      System.out.printf("rolling restart: %s stopped and ready again in %d ms%n", node.name,
          (System.nanoTime() - started) / 1_000_000);
      Thread.sleep(2_000);
    }
    traffic.drain(15, 120);
    System.out.println("rolling restart traffic: " + traffic.summary());
    assertTrue(traffic.acknowledgedSends() > 100, "enough load ran: " + traffic.summary());
    assertEquals(Set.of(), traffic.acknowledgedButNeverReceived());
    assertEquals(Set.of(), traffic.receivedAfterTheirDeleteWasAcknowledged());
    assertEquals(List.of(), traffic.nonRetryableErrors(), traffic.summary());
  }

  @Test
  void delaysAndRetentionRunOnAfterFailoverWithoutAnyClientTouchingTheQueue() throws Exception {
    cluster = LocalCluster.start("timers", 3);
    URI first = cluster.node(0).endpoint();
    String delayed = createQueues(first, "delayed", 1, Map.of()).get(0);
    String shortLived = createQueues(first, "short-lived", 1, Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "60")).get(0);
    NodeProcess victim = cluster.hostOf(ACCOUNT, nameOf(delayed));
    NodeProcess survivor = others(victim).get(0);
    SqsClient sqs = Sqs.client(survivor.endpoint());

    long sentAt = System.currentTimeMillis();
    sqs.sendMessage(r -> r.queueUrl(delayed).messageBody("visible 25 s after sending").delaySeconds(25));
    sqs.sendMessage(r -> r.queueUrl(shortLived).messageBody("expires 60 s after sending"));
    victim.kill();

    List<Message> received = List.of();
    while (received.isEmpty() && System.currentTimeMillis() - sentAt < 90_000) {
      received = sqs.receiveMessage(r -> r.queueUrl(delayed).waitTimeSeconds(20)).messages();
    }
    long visibleAfter = System.currentTimeMillis() - sentAt;
    System.out.printf("timers: the delayed message reached a long poll %d ms after it was sent%n", visibleAfter);
    assertEquals("visible 25 s after sending", received.get(0).body());
    assertTrue(visibleAfter >= 25_000, "not before its delay: " + visibleAfter + " ms");

    Thread.sleep(Math.max(0, sentAt + 61_000 - System.currentTimeMillis()));
    assertEquals("0", sqs.getQueueAttributes(r -> r.queueUrl(shortLived).attributeNames(QueueAttributeName.ALL))
        .attributesAsStrings().get("ApproximateNumberOfMessages"));
    assertTrue(sqs.receiveMessage(r -> r.queueUrl(shortLived).maxNumberOfMessages(10)).messages().isEmpty());
  }

  /** A node chosen as a load balancer would: at random among those serving. */
  private URI anyLiveNode() {
    List<NodeProcess> live = cluster.nodes().stream().filter(NodeProcess::isServing).toList();
    return live.get(ThreadLocalRandom.current().nextInt(live.size())).endpoint();
  }

  /** Every message in the queue, id to body. */
  private static Map<String, String> receiveAll(SqsClient sqs, String queue) {
    Map<String, String> bodies = new HashMap<>();
    List<Message> batch;
    do {
      batch = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10).visibilityTimeout(300)).messages();
      batch.forEach(message -> bodies.put(message.messageId(), message.body()));
    } while (!batch.isEmpty());
    return bodies;
  }
}
