package ferry.deploy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The whole machine's CPU time as Linux counts it in {@code /proc/stat}, in clock ticks. A run's
 * figures depend on what else ran on the machine and, on a virtual machine, on how much of its
 * CPUs the hypervisor gave to others ("steal"): on this project's machine it took 0 to 19 % of
 * them in runs of the same scenario within an hour (deploy/BENCHMARKS.md, seventeenth round).
 */
record MachineCpu(long busy, long stolen, long total) {
  private static final Path PROC_STAT = Path.of("/proc/stat");

  /** The counters now; empty where the machine has no {@code /proc/stat}. */
  static Optional<MachineCpu> now() {
    try {
      for (String line : Files.readAllLines(PROC_STAT)) {
        if (line.startsWith("cpu ")) {
          return Optional.of(parse(line));
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // not Linux, or a format this does not know: the run is reported without it
    }
    return Optional.empty();
  }

  /** Parses the summary line: user nice system idle iowait irq softirq steal (guest time is within user). */
  static MachineCpu parse(String summary) {
    String[] fields = summary.trim().split("\\s+");
    long user = Long.parseLong(fields[1]);
    long nice = Long.parseLong(fields[2]);
    long system = Long.parseLong(fields[3]);
    long idle = Long.parseLong(fields[4]);
    long iowait = Long.parseLong(fields[5]);
    long irq = Long.parseLong(fields[6]);
    long softirq = Long.parseLong(fields[7]);
    long steal = fields.length > 8 ? Long.parseLong(fields[8]) : 0;
    long busy = user + nice + system + irq + softirq;
    return new MachineCpu(busy, steal, busy + idle + iowait + steal);
  }

  /** Shares of the machine's CPU time since {@code before}: used by its processes, and given to others. */
  Shares since(MachineCpu before) {
    long elapsed = total - before.total;
    if (elapsed <= 0) {
      return new Shares(0, 0);
    }
    return new Shares((double) (busy - before.busy) / elapsed, (double) (stolen - before.stolen) / elapsed);
  }

  /** Fractions of the machine's CPU time: used by its processes, and taken by the hypervisor. */
  record Shares(double busy, double stolen) {}
}
