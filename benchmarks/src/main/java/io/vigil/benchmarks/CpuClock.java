package io.vigil.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The benchmark thread's CPU time over one iteration: on a shared, loaded machine the wall-clock
 * score counts the time other processes held the core; CPU time does not (caches and memory
 * bandwidth still are shared).
 */
final class CpuClock {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private long start;

  void start() {
    start = THREADS.getCurrentThreadCpuTime();
  }

  /** CPU nanoseconds since {@link #start} per unit of work. */
  double nanosPer(long units) {
    return (THREADS.getCurrentThreadCpuTime() - start) / (double) units;
  }
}
