package ferry.deploy;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Ferry node as a real process, started by the launcher {@code deploy/bin/ferry-node} (the one
 * start command of scripts and the container image) with its {@code FERRY_*} variables.
 * Output goes to {@code target/logs}.
 */
final class NodeProcess implements AutoCloseable {
  private static final Path JAR = Path.of(System.getProperty("ferry.node.jar", "../node/target/ferry-node.jar"));
  private static final Path LAUNCHER = Path.of("bin", "ferry-node");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final String name;
  final Path dataDir;
  final int httpPort = freePort();
  final int remotePort = freePort();
  final int managementPort = freePort();
  private final Map<String, String> extraEnvironment = new LinkedHashMap<>();
  private Process process;
  private volatile boolean serving;

  NodeProcess(String name, Path dataDir) {
    this.name = name;
    this.dataDir = dataDir;
  }

  /** Sets a further {@code FERRY_*} variable for the next start, e.g. the database of a cluster. */
  NodeProcess withEnvironment(String name, String value) {
    extraEnvironment.put(name, value);
    return this;
  }

  URI management() {
    return URI.create("http://127.0.0.1:" + managementPort);
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Ready and not asked to stop: where a load balancer would send clients. */
  boolean isServing() {
    return serving && isAlive();
  }

  /** Waits up to {@code limit} for the process to exit by itself; its exit code, or -1. */
  int awaitExit(Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** SIGSTOP: the JVM freezes without dying, as under a long GC pause or a stalled VM. */
  void freeze() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT after {@link #freeze}. */
  void thaw() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  long pid() {
    return process.pid();
  }

  /** Starts the process and waits until its management endpoint says it is ready. */
  NodeProcess start() throws IOException, InterruptedException {
    launch();
    awaitReady(Duration.ofSeconds(120));
    return this;
  }

  /** Starts the process without waiting for it; {@link #awaitReady} waits. */
  void launch() throws IOException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the tests with mvn verify");
    }
    Path logs = Path.of("target", "logs");
    Files.createDirectories(logs);
    File log = logs.resolve(name + ".log").toFile();
    ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toAbsolutePath().toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    Map<String, String> env = builder.environment();
    env.put("FERRY_JAR", JAR.toAbsolutePath().toString());
    // small JVMs: several nodes, the database and the tests share two cores
    env.put("JAVA_OPTS", "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
    env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
    env.put("FERRY_HTTP_HOST", "127.0.0.1");
    env.put("FERRY_HTTP_PORT", Integer.toString(httpPort));
    env.put("FERRY_REMOTE_PORT", Integer.toString(remotePort));
    env.put("FERRY_MANAGEMENT_PORT", Integer.toString(managementPort));
    env.put("FERRY_DATA_DIR", dataDir.toAbsolutePath().toString());
    env.putAll(extraEnvironment);
    process = builder.start();
  }

  void awaitReady(Duration limit) throws InterruptedException {
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
  int stop() throws InterruptedException {
    serving = false;
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  /** SIGKILL: the process gets no chance to write anything more. */
  void kill() throws InterruptedException {
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
