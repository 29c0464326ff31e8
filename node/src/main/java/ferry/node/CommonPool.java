package ferry.node;

/**
 * Completion stages that Pekko's Scala futures hand to Java run their dependent steps on the JVM's
 * common pool. On a machine with two cores that pool has one worker, and the JVM then starts a
 * new thread for every such step instead (measured: thousands of threads a second under load,
 * half the node's CPU). A pool of at least two workers keeps its threads.
 */
public final class CommonPool {
  private static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPool() {}

  /** Must run before anything uses the common pool; a value given on the command line wins. */
  public static void keepThreads() {
    if (System.getProperty(PARALLELISM) == null) {
      System.setProperty(PARALLELISM, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
    }
  }
}
