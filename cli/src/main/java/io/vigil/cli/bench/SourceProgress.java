package io.vigil.cli.bench;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * The records the sources of a benchmark job have read, live in the bench's own JVM (the
 * MiniCluster runs there): a metric reporter that keeps each source operator's {@code
 * numRecordsOut} counter (registered by {@code META-INF/services}, which Flink requires of a
 * reporter factory named in the configuration). The REST API serves metrics fetched every 10 s by
 * default, too coarse for a 5-second job; the counters themselves are exact at any moment.
 */
public final class SourceProgress implements MetricReporter {
  private static final Map<String, List<Counter>> BY_JOB = new ConcurrentHashMap<>();

  /** Flink configuration key that installs the reporter in a job's MiniCluster. */
  static final String FACTORY_KEY = "metrics.reporter.vigil-bench-progress.factory.class";

  /** Records read so far by the job's sources (0 before any registered). */
  static long recordsOut(String jobId) {
    long sum = 0;
    for (Counter c : BY_JOB.getOrDefault(jobId, List.of())) sum += c.getCount();
    return sum;
  }

  static void forget(String jobId) {
    BY_JOB.remove(jobId);
  }

  /**
   * Seconds the whole run would take at the rate between the moments {@code from} and {@code to}
   * (shares of the final count) were passed, interpolated between samples {@code {nanoTime, count}}
   * in time order: the job's steady rate, without its deployment before and the bounded job's final
   * checkpoint after, which a streaming job pays once, not per line. NaN when the samples cannot
   * tell (no count, or both moments within one sample step).
   */
  static double steadySeconds(List<long[]> samples, double from, double to) {
    if (samples.isEmpty()) return Double.NaN;
    long total = samples.get(samples.size() - 1)[1];
    double t0 = passed(samples, from * total), t1 = passed(samples, to * total);
    if (total <= 0 || Double.isNaN(t0) || Double.isNaN(t1) || t1 <= t0) return Double.NaN;
    return (t1 - t0) / 1e9 / (to - from);
  }

  /** nanoTime at which the count reached {@code target}, linear between samples. */
  private static double passed(List<long[]> samples, double target) {
    for (int i = 1; i < samples.size(); i++) {
      long[] a = samples.get(i - 1), b = samples.get(i);
      if (b[1] >= target && b[1] > a[1]) {
        double f = Math.max(0, (target - a[1]) / (b[1] - a[1]));
        return a[0] + f * (b[0] - a[0]);
      }
    }
    return Double.NaN;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    if (!"numRecordsOut".equals(name) || !(metric instanceof Counter counter)) return;
    Map<String, String> vars = group.getAllVariables();
    // The source operator's own counter: the records it read. (Its task's counter counts what
    // leaves the chain, the pre-aggregated runs, emitted in bursts at watermarks.)
    String operator = vars.get("<operator_name>");
    if (operator == null || !operator.startsWith("Source")) return;
    String job = vars.get("<job_id>");
    if (job != null) BY_JOB.computeIfAbsent(job, j -> new CopyOnWriteArrayList<>()).add(counter);
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    // kept until the bench has read the job's last count (forget)
  }

  /** Installed by class name through {@link #FACTORY_KEY}. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new SourceProgress();
    }
  }
}
