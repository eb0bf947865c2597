package io.vigil.operators;

import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many functions a write-back state cache may hold per subtask: a configured number, or, when
 * none is configured ({@link #AUTO}), as many as fit in a share of the JVM heap per task slot at an
 * estimated size per cached function. A bound below the functions a subtask serves makes the cache
 * write back and reload every function again and again (on RocksDB, at 20,000 functions on one
 * subtask, 1.6x slower than a bound above them), so the default follows the memory there is.
 */
public final class StateCacheBound {
  private static final Logger LOG = LoggerFactory.getLogger(StateCacheBound.class);

  /** Configured bound meaning: derive it from the heap. */
  public static final int AUTO = 0;

  /** The smallest derived bound (the fixed default before it was derived from the heap). */
  public static final int MIN_FUNCTIONS = 4_096;

  /** The largest share of the heap per slot a cache may be given. */
  public static final double MAX_HEAP_SHARE = 0.5;

  private StateCacheBound() {}

  /**
   * The bound an operator's cache runs with, from its task manager's heap and slots; logged and
   * shown as the operator's {@code stateCacheBound} gauge.
   */
  public static int inForce(
      AbstractStreamOperator<?> operator, int configured, double heapShare, long bytesPerFunction) {
    int slots =
        operator
            .getContainingTask()
            .getEnvironment()
            .getTaskManagerInfo()
            .getConfiguration()
            .get(TaskManagerOptions.NUM_TASK_SLOTS);
    long heap = Runtime.getRuntime().maxMemory();
    int bound = resolve(configured, heap, slots, heapShare, bytesPerFunction);
    operator.getMetricGroup().gauge("stateCacheBound", () -> bound);
    LOG.info(
        "{}: state cache holds at most {} functions ({}; heap {} MiB, {} slot(s))",
        operator.getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks(),
        bound,
        configured == AUTO ? "automatic, share " + heapShare : "configured",
        heap >> 20,
        slots);
    return bound;
  }

  /** Rejects a bound below {@link #AUTO} or a heap share outside (0, {@link #MAX_HEAP_SHARE}]. */
  public static void check(int configured, double heapShare) {
    if (configured < AUTO)
      throw new IllegalArgumentException("cache bound must be positive, or 0 for automatic");
    if (!(heapShare > 0 && heapShare <= MAX_HEAP_SHARE))
      throw new IllegalArgumentException(
          "cache heap share must be in (0, " + MAX_HEAP_SHARE + "], was " + heapShare);
  }

  /**
   * The bound: {@code configured} when it is set, else {@code heapShare} of {@code maxHeapBytes /
   * slots} divided by {@code bytesPerFunction}, at least {@link #MIN_FUNCTIONS}.
   */
  public static int resolve(
      int configured, long maxHeapBytes, int slots, double heapShare, long bytesPerFunction) {
    check(configured, heapShare);
    if (configured != AUTO) return configured;
    double perSlot = (double) maxHeapBytes / Math.max(1, slots);
    long fits = (long) (perSlot * heapShare / bytesPerFunction);
    return (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_FUNCTIONS, fits));
  }
}
