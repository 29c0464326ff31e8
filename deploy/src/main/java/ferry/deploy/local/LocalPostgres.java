package ferry.deploy.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One PostgreSQL for all multi-process tests of a run, started with {@code local/postgres.sh}
 * (the script the local cluster uses) on 127.0.0.1 and stopped when the test JVM ends, whether
 * the tests passed or not. Each cluster gets a database of its own.
 */
public final class LocalPostgres {
  private static final Path SCRIPT = Repository.root().resolve("deploy/local/postgres.sh");
  private static final Path DIR = Repository.workDir().resolve("postgres");
  private static final AtomicInteger databases = new AtomicInteger();
  private static LocalPostgres shared;

  private LocalPostgres() {
    run("start", DIR.toString());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> run("stop", DIR.toString()), "stop-postgres"));
  }

  public static synchronized LocalPostgres shared() {
    if (shared == null) {
      shared = new LocalPostgres();
    }
    return shared;
  }

  /** A new, empty database owned by role ferry (password ferry); its JDBC url. */
  public String createDatabase() {
    String name = "ferry_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
    return run("createdb", DIR.toString(), name);
  }

  /** Runs the script and returns the last line it printed. */
  private static String run(String... arguments) {
    List<String> command = new java.util.ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output;
      try (InputStream out = process.getInputStream()) {
        output = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      if (process.waitFor() != 0) {
        throw new IllegalStateException("postgres.sh " + String.join(" ", arguments) + " failed:\n" + output);
      }
      return output.substring(output.lastIndexOf('\n') + 1);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + SCRIPT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + SCRIPT, e);
    }
  }
}
