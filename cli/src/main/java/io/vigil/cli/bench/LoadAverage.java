package io.vigil.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;

/** The machine's load and this process's CPU time, printed beside every benchmark figure. */
final class LoadAverage {
  private LoadAverage() {}

  /** The 1-minute load average and the core count, e.g. {@code 3.20/2}; {@code n/a} if unknown. */
  static String now() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    double load = os.getSystemLoadAverage();
    return load < 0
        ? "n/a"
        : String.format(Locale.ROOT, "%.1f/%d", load, os.getAvailableProcessors());
  }

  /** CPU time of this process so far (all threads), in nanoseconds. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    throw new IllegalStateException("this JVM does not report process CPU time");
  }
}
