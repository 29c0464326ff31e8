package ferry.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ferry.deploy.local.NodeProcess;
import ferry.deploy.local.Repository;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The classic-clients stage: real SQS clients, unchanged, against one node process that requires
 * Signature Version 4. Each client runs its flow under {@code deploy/clients} as a process; the
 * flow checks every answer itself and exits 0 only if all were what its users expect.
 *
 * <p>The distribution clients (Debian's boto 2, boto3 and AWS CLI, which speak the Query
 * protocol) are skipped when missing, unless {@code FERRY_CLASSIC_CLIENTS=required} (set by
 * {@code .ci/run}, which installs them): then a missing one fails the test. Current boto3 and
 * AWS CLI (the JSON protocol) are not distribution packages: they run where found (a pyenv
 * installation, or the executables named by {@code FERRY_CURRENT_PYTHON} and
 * {@code FERRY_CURRENT_AWS}) and are skipped otherwise.
 */
class ClassicClientsTest {
  private static final String ACCESS_KEY = "AKIDCLASSICCLIENTS";
  private static final String SECRET_KEY = "classic/clients+secret/key";
  private static final String ACCOUNT = "123456789012";
  private static final Duration FLOW_LIMIT = Duration.ofSeconds(180);
  private static final Duration PROBE_LIMIT = Duration.ofSeconds(60);
  private static final String SYSTEM_PYTHON = "/usr/bin/python3";
  private static final String SYSTEM_AWS = "/usr/bin/aws";

  private static NodeProcess node;

  @BeforeAll
  static void startNode() throws Exception {
    Files.createDirectories(Repository.workDir());
    Path data = Files.createTempDirectory(Repository.workDir(), "classic-clients");
    node = new NodeProcess("classic-clients", data)
        .withEnvironment("FERRY_CREDENTIALS", ACCESS_KEY + ":" + SECRET_KEY + ":" + ACCOUNT);
    node.start();
  }

  @AfterAll
  static void stopNode() throws InterruptedException {
    if (node == null) {
      return;
    }
    try {
      if (node.isAlive()) {
        node.stop();
      }
    } finally {
      node.close();
    }
  }

  @Test
  void boto2TutorialWithTheDistributionBoto() throws Exception {
    requireDistributionClient(succeeds(List.of(SYSTEM_PYTHON, "-c", "import boto.sqs.connection")),
        "boto 2 for " + SYSTEM_PYTHON, "python3-boto");
    URI endpoint = node.endpoint();
    runFlow("boto2", List.of(SYSTEM_PYTHON, script("boto2_tutorial.py").toString(), endpoint.getHost(),
        Integer.toString(endpoint.getPort()), ACCESS_KEY, SECRET_KEY));
  }

  @Test
  void boto3OfTheDistributionSpeakingQuery() throws Exception {
    requireDistributionClient(succeeds(List.of(SYSTEM_PYTHON, "-c", "import boto3")),
        "boto3 for " + SYSTEM_PYTHON, "python3-boto3");
    runFlow("boto3-debian", List.of(SYSTEM_PYTHON, script("boto3_flow.py").toString(),
        node.endpoint().toString(), ACCESS_KEY, SECRET_KEY));
  }

  @Test
  void awsCliOfTheDistributionSpeakingQuery() throws Exception {
    requireDistributionClient(succeeds(List.of(SYSTEM_AWS, "--version")), "the AWS CLI at " + SYSTEM_AWS, "awscli");
    runFlow("awscli-debian", List.of("bash", script("awscli_flow.sh").toString(), SYSTEM_AWS,
        node.endpoint().toString()));
  }

  @Test
  void currentBoto3SpeakingJson() throws Exception {
    Optional<String> python = currentExecutable("FERRY_CURRENT_PYTHON", "python3", SYSTEM_PYTHON);
    Assumptions.assumeTrue(python.isPresent(), "no current boto3: no runnable pyenv python3 nor FERRY_CURRENT_PYTHON"
        + " (install one with pip install boto3; not a Debian package)");
    Probe protocol = probe(List.of(python.get(), "-c",
        "import boto3, botocore.session; print(botocore.session.get_session().get_service_model('sqs').protocol)"));
    Assumptions.assumeTrue(protocol.exitCode() == 0 && protocol.output().strip().equals("json"),
        () -> "no current boto3 for " + python.get() + " (pip install boto3): its SQS protocol is not json: "
            + lastLine(protocol.output()));
    runFlow("boto3-current", List.of(python.get(), script("boto3_flow.py").toString(),
        node.endpoint().toString(), ACCESS_KEY, SECRET_KEY));
  }

  @Test
  void currentAwsCliSpeakingJson() throws Exception {
    Optional<String> aws = currentExecutable("FERRY_CURRENT_AWS", "aws", SYSTEM_AWS);
    Assumptions.assumeTrue(aws.isPresent(), "no current AWS CLI: no runnable pyenv aws nor FERRY_CURRENT_AWS"
        + " (install one with pip install awscli; not a Debian package)");
    // the Content-Type of the CLI's request, from its debug log, tells its protocol
    Probe debug = probe(List.of(aws.get(), "--debug", "--endpoint-url", node.endpoint().toString(),
        "sqs", "list-queues"));
    Assumptions.assumeTrue(debug.output().contains("application/x-amz-json-1.0"),
        "no current AWS CLI at " + aws.get() + " (pip install awscli): it does not send the JSON protocol");
    runFlow("awscli-current", List.of("bash", script("awscli_flow.sh").toString(), aws.get(),
        node.endpoint().toString()));
  }

  /** Fails when FERRY_CLASSIC_CLIENTS=required, otherwise skips, naming the Debian package. */
  private static void requireDistributionClient(boolean present, String what, String debianPackage) {
    if (present) {
      return;
    }
    String message = what + " is missing: install the Debian package " + debianPackage
        + " (apt-get install " + debianPackage + "; .ci/run does)";
    if ("required".equals(System.getenv("FERRY_CLASSIC_CLIENTS"))) {
      fail(message + ". FERRY_CLASSIC_CLIENTS=required makes a missing distribution client a failure.");
    }
    Assumptions.abort(message);
  }

  /**
   * The executable named by the variable, else the one of a pyenv installation (PYENV_ROOT, or
   * ~/.pyenv), as long as it is not the distribution's.
   */
  private static Optional<String> currentExecutable(String variable, String name, String distribution) {
    String configured = System.getenv(variable);
    String candidate;
    if (configured != null && !configured.isBlank()) {
      candidate = configured;
    } else {
      String pyenvRoot = Optional.ofNullable(System.getenv("PYENV_ROOT"))
          .orElse(Path.of(System.getProperty("user.home"), ".pyenv").toString());
      candidate = Path.of(pyenvRoot, "shims", name).toString();
    }
    return !candidate.equals(distribution) && succeeds(List.of(candidate, "--version"))
        ? Optional.of(candidate) : Optional.empty();
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1];
  }

  private static Path script(String name) {
    return Repository.root().resolve("deploy/clients").resolve(name);
  }

  private static boolean succeeds(List<String> command) {
    if (!Files.isExecutable(Path.of(command.get(0)))) {
      return false;
    }
    try {
      return probe(command).exitCode() == 0;
    } catch (IOException | InterruptedException notRunnable) {
      if (notRunnable instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }

  private record Probe(int exitCode, String output) {}

  private static Probe probe(List<String> command) throws IOException, InterruptedException {
    Process process = start(command);
    StringBuilder output = new StringBuilder();
    Thread reader = drain(process, output, null);
    if (!process.waitFor(PROBE_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      destroy(process);
      return new Probe(-1, "did not finish within " + PROBE_LIMIT.toSeconds() + " s");
    }
    reader.join(TimeUnit.SECONDS.toMillis(5));
    synchronized (output) {
      return new Probe(process.exitValue(), output.toString());
    }
  }

  /** Runs a flow, its lines going to System.out as they come; asserts exit status 0 in time. */
  private static void runFlow(String label, List<String> command) throws IOException, InterruptedException {
    System.out.println("[" + label + "] $ " + String.join(" ", command).replace(SECRET_KEY, "<secret>"));
    long started = System.nanoTime();
    Process process = start(command);
    StringBuilder output = new StringBuilder();
    Thread reader = drain(process, output, label);
    boolean finished = process.waitFor(FLOW_LIMIT.toSeconds(), TimeUnit.SECONDS);
    if (!finished) {
      destroy(process);
    }
    reader.join(TimeUnit.SECONDS.toMillis(5));
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    String shown;
    synchronized (output) {
      shown = output.toString();
    }
    if (!finished) {
      fail("the " + label + " flow did not finish within " + FLOW_LIMIT.toSeconds() + " s; its output:\n" + shown);
    }
    System.out.println("[" + label + "] exit " + process.exitValue() + " after " + seconds + " s");
    assertEquals(0, process.exitValue(), () -> "the " + label + " flow failed; its output:\n" + shown);
  }

  private static Process start(List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
        .directory(Repository.workDir().toFile())
        .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    List.of("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SQS", "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN", "AWS_CA_BUNDLE", "AWS_DEFAULT_OUTPUT", "AWS_REGION").forEach(env::remove);
    env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", "/dev/null");
    env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    env.put("AWS_PAGER", "");
    env.put("PYTHONUNBUFFERED", "1");
    env.put("PYTHONDONTWRITEBYTECODE", "1");
    env.put("LC_ALL", "C.UTF-8");
    // the node is on loopback: never through a proxy the environment may name
    for (String noProxy : List.of("no_proxy", "NO_PROXY")) {
      String given = env.getOrDefault(noProxy, "");
      env.put(noProxy, given.isEmpty() ? "127.0.0.1,localhost" : given + ",127.0.0.1,localhost");
    }
    return builder.start();
  }

  /** Collects the process's output; with a label, also copies each line to System.out. */
  private static Thread drain(Process process, StringBuilder output, String label) {
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          synchronized (output) {
            output.append(line).append('\n');
          }
          if (label != null) {
            System.out.println("[" + label + "] " + line);
          }
        }
      } catch (IOException closed) {
        synchronized (output) {
          output.append("(output no longer readable: ").append(closed.getMessage()).append(")\n");
        }
      }
    }, "output of " + (label == null ? "a probe" : label));
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  /** Ends a flow that ran out of time, and whatever it started (the CLI, Python). */
  private static void destroy(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
