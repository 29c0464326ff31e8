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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Ferry node as a real process: {@code java -jar node/target/ferry-node.jar} with its
 * {@code FERRY_*} variables, exactly as users start it. Output goes to {@code target/logs}.
 */
final class NodeProcess implements AutoCloseable {
  private static final Path JAR = Path.of(System.getProperty("ferry.node.jar", "../node/target/ferry-node.jar"));
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final String name;
  final Path dataDir;
  final int httpPort = freePort();
  final int remotePort = freePort();
  final int managementPort = freePort();
  private Process process;

  NodeProcess(String name, Path dataDir) {
    this.name = name;
    this.dataDir = dataDir;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  long pid() {
    return process.pid();
  }

  /** Starts the process and waits until its management endpoint says it is ready. */
  NodeProcess start() throws IOException, InterruptedException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the tests with mvn verify");
    }
    Path logs = Path.of("target", "logs");
    Files.createDirectories(logs);
    File log = logs.resolve(name + ".log").toFile();
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-jar", JAR.toAbsolutePath().toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    Map<String, String> env = builder.environment();
    env.put("FERRY_HTTP_HOST", "127.0.0.1");
    env.put("FERRY_HTTP_PORT", Integer.toString(httpPort));
    env.put("FERRY_REMOTE_PORT", Integer.toString(remotePort));
    env.put("FERRY_MANAGEMENT_PORT", Integer.toString(managementPort));
    env.put("FERRY_DATA_DIR", dataDir.toAbsolutePath().toString());
    process = builder.start();
    awaitReady(Duration.ofSeconds(90));
    return this;
  }

  private void awaitReady(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/ready"))
        .timeout(Duration.ofSeconds(2)).build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready");
      }
      try {
        if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
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
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  /** SIGKILL: the process gets no chance to write anything more. */
  void kill() throws InterruptedException {
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
