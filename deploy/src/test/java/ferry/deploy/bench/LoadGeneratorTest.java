package ferry.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ferry.deploy.local.NodeProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator against a real node: the benchmark script reads its {@code RESULT} line, so
 * a run that silently counts nothing, or counts refusals as work, would skew every figure.
 */
class LoadGeneratorTest {
  @TempDir
  static Path data;
  private static NodeProcess node;

  @BeforeAll
  static void startNode() throws Exception {
    node = new NodeProcess("load-generator-test", data);
    node.start();
  }

  @AfterAll
  static void stopNode() throws InterruptedException {
    node.close();
  }

  @Test
  void aShortRunSendsReceivesAndDeletesWithoutErrors() throws Exception {
    Map<String, String> result = resultOf("--endpoint=" + node.endpoint(), "--queue-prefix=mixed", "--queues=2",
        "--producers=4", "--consumers=4", "--batch=10", "--warmup-seconds=1", "--duration-seconds=3");

    assertEquals("0", result.get("errors"), result.toString());
    assertTrue(Double.parseDouble(result.get("sent_per_s")) > 0, result.toString());
    assertTrue(Double.parseDouble(result.get("received_per_s")) > 0, result.toString());
    assertTrue(Double.parseDouble(result.get("deleted_per_s")) > 0, result.toString());
    assertTrue(Double.parseDouble(result.get("e2e_p50_ms")) > 0, result.toString());
    assertTrue(Double.parseDouble(result.get("generator_cores")) > 0, result.toString());
    if (Files.isReadable(Path.of("/proc/stat"))) {
      assertTrue(Double.parseDouble(result.get("machine_busy")) > 0, result.toString());
      assertTrue(Double.parseDouble(result.get("machine_stolen")) >= 0, result.toString());
    }
  }

  @Test
  void theJitWarmupRunsOnAQueueOfItsOwnAndDeletesItBeforeTheMeasuredRun() throws Exception {
    Map<String, String> result = resultOf("--endpoint=" + node.endpoint(), "--queue-prefix=warmed", "--queues=1",
        "--producers=2", "--consumers=2", "--batch=10", "--jit-warmup-seconds=2", "--warmup-seconds=0",
        "--duration-seconds=2");

    assertEquals("0", result.get("errors"), result.toString());
    assertTrue(Double.parseDouble(result.get("received_per_s")) > 0, result.toString());
    try (SqsHttp sqs = new SqsHttp(node.endpoint())) {
      String queues = sqs.call("ListQueues", sqs.json.createObjectNode().put("QueueNamePrefix", "warmed"))
          .toCompletableFuture().get(30, TimeUnit.SECONDS).path("QueueUrls").toString();
      assertTrue(queues.contains("/warmed-0\""), queues);
      assertFalse(queues.contains("jit-warmup"), queues);
    }
  }

  @Test
  void aRefusalCarriesTheServicesErrorCode() throws Exception {
    try (SqsHttp sqs = new SqsHttp(node.endpoint())) {
      var request = sqs.json.createObjectNode().put("QueueName", "no-such-queue");

      ExecutionException refused = assertThrows(ExecutionException.class,
          () -> sqs.call("GetQueueUrl", request).toCompletableFuture().get(30, TimeUnit.SECONDS));

      assertEquals("GetQueueUrl 400 AWS.SimpleQueueService.NonExistentQueue",
          ((SqsHttp.CallFailed) refused.getCause()).kind);
    }
  }

  @Test
  void anEndpointNobodyListensOnFailsTheCall() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (SqsHttp sqs = new SqsHttp(URI.create("http://127.0.0.1:" + closedPort))) {
      ExecutionException failed = assertThrows(ExecutionException.class,
          () -> sqs.call("ListQueues", sqs.json.createObjectNode()).toCompletableFuture().get(30, TimeUnit.SECONDS));

      assertTrue(failed.getCause() instanceof ConnectException, failed.getCause().toString());
    }
  }

  @Test
  void aPrefillStoresAtLeastTheAskedDepthAndSaysHowMany() throws Exception {
    String output = printedBy("--endpoint=" + node.endpoint(), "--queue-prefix=filled", "--queues=1",
        "--producers=0", "--consumers=0", "--batch=10", "--prefill=500", "--warmup-seconds=0",
        "--duration-seconds=0");

    String depthLine = output.lines().filter(line -> line.contains("DEPTH ")).findFirst()
        .orElseThrow(() -> new AssertionError("no DEPTH line in:\n" + output));
    long prefilled = Long.parseLong(depthLine.replaceAll(".*DEPTH (\\d+) messages.*", "$1"));
    assertTrue(prefilled >= 500, depthLine);
    try (SqsHttp sqs = new SqsHttp(node.endpoint())) {
      String url = sqs.call("GetQueueUrl", sqs.json.createObjectNode().put("QueueName", "filled-0"))
          .toCompletableFuture().get(30, TimeUnit.SECONDS).path("QueueUrl").asText();
      var request = sqs.json.createObjectNode().put("QueueUrl", url);
      request.putArray("AttributeNames").add("ApproximateNumberOfMessages");
      String queued = sqs.call("GetQueueAttributes", request).toCompletableFuture().get(30, TimeUnit.SECONDS)
          .path("Attributes").path("ApproximateNumberOfMessages").asText();
      assertEquals(String.valueOf(prefilled), queued);
    }
  }

  @Test
  void progressLinesComeAtTheAskedIntervalWithThatIntervalsSendTail() throws Exception {
    String output = printedBy("--endpoint=" + node.endpoint(), "--queue-prefix=progress", "--queues=1",
        "--producers=2", "--consumers=2", "--batch=10", "--warmup-seconds=0", "--duration-seconds=3",
        "--progress-seconds=1");

    List<String> progress = output.lines()
        .filter(line -> line.matches("run: \\d\\d:\\d\\d:\\d\\d\\.\\d+ +\\d s .*")).toList();
    assertEquals(3, progress.size(), output);
    for (String line : progress) {
      assertTrue(line.matches(".* send p99 \\d+\\.\\d ms, max \\d+\\.\\d ms"), line);
      assertFalse(line.endsWith("send p99 0.0 ms, max 0.0 ms"), line);
    }
  }

  @Test
  void sendsAndDeletionsSlowerThanAskedArePrintedWithTheMomentTheyEnded() throws Exception {
    String output = printedBy("--endpoint=" + node.endpoint(), "--queue-prefix=slow", "--queues=1",
        "--producers=1", "--consumers=1", "--batch=10", "--warmup-seconds=0", "--duration-seconds=2",
        "--log-slower-than-ms=0.001");

    List<String> slow = output.lines().filter(line -> line.startsWith("run: slow ")).toList();
    assertTrue(slow.stream().anyMatch(line -> line.startsWith("run: slow SendMessageBatch ended ")), output);
    assertTrue(slow.stream().anyMatch(line -> line.startsWith("run: slow DeleteMessageBatch ended ")), output);
    for (String line : slow) {
      assertTrue(line.matches("run: slow \\w+ ended \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z after \\d+\\.\\d ms"), line);
    }
  }

  private static Map<String, String> resultOf(String... args) throws Exception {
    String output = printedBy(args);
    String line = output.lines().filter(printedLine -> printedLine.startsWith("RESULT ")).findFirst()
        .orElseThrow(() -> new AssertionError("no RESULT line in:\n" + output));
    return Arrays.stream(line.substring("RESULT ".length()).split(" "))
        .map(pair -> pair.split("=", 2))
        .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
  }

  private static String printedBy(String... args) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream console = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      LoadGenerator.main(args);
    } finally {
      System.setOut(console);
    }
    String output = printed.toString(StandardCharsets.UTF_8);
    console.print(output);
    return output;
  }
}
