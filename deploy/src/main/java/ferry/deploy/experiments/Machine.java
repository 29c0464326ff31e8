package ferry.deploy.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the machine an experiment ran on can and cannot show, said in its output. */
final class Machine {
  private Machine() {}

  static String describe() {
    int cores = Runtime.getRuntime().availableProcessors();
    long memoryGib = memoryBytes() >> 30;
    return "machine: " + cores + " cores, " + memoryGib + " GiB; every node, PostgreSQL and the load generator share them";
  }

  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static long memoryBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException unknown) {
      // fall through
    }
    return Runtime.getRuntime().maxMemory();
  }
}
