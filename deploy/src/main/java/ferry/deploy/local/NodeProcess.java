package ferry.deploy.local;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Ferry node as a real process, started by the launcher {@code deploy/bin/ferry-node} (the one
 * start command of scripts and the container image) with its {@code FERRY_*} variables.
 * Output goes to {@code target/logs}.
 */
public final class NodeProcess implements AutoCloseable {
  /**
   * JVM options of nodes unless {@code -Dferry.node.java-opts} says otherwise: small JVMs that
   * start fast, since several nodes, the database and the tests share two cores (on such a
   * machine they also measured faster than the full JIT in the scale experiment).
   */
  private static final String TEST_JAVA_OPTIONS = "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public final String name;
  final Path dataDir;
  final int httpPort = freePort();
  public final int remotePort = freePort();
  final int managementPort = freePort();
  private final Map<String, String> extraEnvironment = new LinkedHashMap<>();
  private Process process;
  private volatile boolean serving;
  private int cpu = -1;

  public NodeProcess(String name, Path dataDir) {
    this.name = name;
    this.dataDir = dataDir;
  }

  /** Pins the next start to one CPU core (taskset), for experiments that compare cluster sizes. */
  public NodeProcess pinnedTo(int core) {
    this.cpu = core;
    return this;
  }

  /** Sets a further {@code FERRY_*} variable for the next start, e.g. the database of a cluster. */
  public NodeProcess withEnvironment(String name, String value) {
    extraEnvironment.put(name, value);
    return this;
  }

  public URI management() {
    return URI.create("http://127.0.0.1:" + managementPort);
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Ready and not asked to stop: where a load balancer would send clients. */
  public boolean isServing() {
    return serving && isAlive();
  }

  /** Waits up to {@code limit} for the process to exit by itself; its exit code, or -1. */
  public int awaitExit(Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** SIGSTOP: the JVM freezes without dying, as under a long GC pause or a stalled VM. */
  public void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT after {@link #freeze}. */
  public void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  public long pid() {
    return process.pid();
  }

  /** Starts the process and waits until its management endpoint says it is ready. */
  public NodeProcess start() throws IOException, InterruptedException {
    launch();
    awaitReady(Duration.ofSeconds(120));
    return this;
  }

  /** Starts the process without waiting for it; {@link #awaitReady} waits. */
  public void launch() throws IOException {
    Path jar = Repository.nodeJar();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: build it with mvn package (mvn verify for the tests)");
    }
    Path logs = Repository.workDir().resolve("logs");
    Files.createDirectories(logs);
    File log = logs.resolve(name + ".log").toFile();
    List<String> command = new ArrayList<>();
    if (cpu >= 0) {
      command.addAll(List.of("taskset", "-c", Integer.toString(cpu)));
    }
    command.add(Repository.launcher().toString());
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    Map<String, String> env = builder.environment();
    env.put("FERRY_JAR", jar.toString());
    env.put("JAVA_OPTS", System.getProperty("ferry.node.java-opts", TEST_JAVA_OPTIONS));
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
    env.put("FERRY_HTTP_HOST", "127.0.0.1");
    env.put("FERRY_HTTP_PORT", Integer.toString(httpPort));
    env.put("FERRY_REMOTE_PORT", Integer.toString(remotePort));
    env.put("FERRY_MANAGEMENT_PORT", Integer.toString(managementPort));
    env.put("FERRY_DATA_DIR", dataDir.toAbsolutePath().toString());
    env.putAll(extraEnvironment);
    process = builder.start();
  }

  public void awaitReady(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/ready"))
        .timeout(Duration.ofSeconds(2)).build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready");
      }
      try {
        if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          serving = true;
          return;
        }
      } catch (IOException notYetListening) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + " was not ready within " + limit);
  }

  /** SIGTERM, then the exit code once the process is gone. */
  public int stop() throws InterruptedException {
    serving = false;
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  /** SIGKILL: the process gets no chance to write anything more. */
  public void kill() throws InterruptedException {
    serving = false;
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }
}
