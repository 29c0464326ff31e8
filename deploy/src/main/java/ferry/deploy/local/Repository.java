package ferry.deploy.local;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout's pieces are, for tests (run in deploy/) and experiments (run anywhere in it). */
public final class Repository {
  private Repository() {}

  /** {@code -Dferry.root}, or the nearest folder up from the working directory holding deploy/bin/ferry-node. */
  public static Path root() {
    String configured = System.getProperty("ferry.root");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
      if (Files.isRegularFile(folder.resolve("deploy/bin/ferry-node"))) {
        return folder;
      }
    }
    throw new IllegalStateException("run this inside a Ferry checkout, or set -Dferry.root");
  }

  public static Path nodeJar() {
    String configured = System.getProperty("ferry.node.jar");
    return configured != null ? Path.of(configured).toAbsolutePath() : root().resolve("node/target/ferry-node.jar");
  }

  /** The one start command of nodes, also the container image's entry point. */
  public static Path launcher() {
    return root().resolve("deploy/bin/ferry-node");
  }

  /** deploy/target: logs, data folders and the PostgreSQL of tests and experiments. */
  public static Path workDir() {
    return root().resolve("deploy/target");
  }
}
