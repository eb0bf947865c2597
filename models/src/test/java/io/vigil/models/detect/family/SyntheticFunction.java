package io.vigil.models.detect.family;

import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.FunctionDetectors;
import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.finding.MetricBuckets;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.settings.DetectorSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A crafted function for detector tests: Poisson invocations around a diurnal rate, log-normal
 * durations summarised as the profile does (median, p95 of the actual samples), binomial errors,
 * egress per invocation, a usual destination port or two. Any field can be changed per bucket.
 */
final class SyntheticFunction {
  static final long MINUTE = 60_000L;

  double peakPerMinute;
  double peakTrough = 4;
  double medianMs = 120;
  double sigma = 0.4;
  double errorRate = 0.002;
  double timeoutRate = 0.0002;
  double egressPerInvocation = 3000;

  /** Egress bytes a minute whatever the invocations (keep-alives, DNS, telemetry), if any. */
  double egressFloorPerMinute = 0;

  int memoryMb = 1024;
  int usedMb = 600;

  /**
   * Configured timeout: a timed-out invocation runs exactly this long and is reported (with that
   * duration) a whole timeout after it started, as Lambda does.
   */
  int timeoutMs = 30_000;

  /** Timed-out invocations by the minute they will be reported in. */
  private final java.util.Map<Long, Integer> hung = new java.util.HashMap<>();

  /**
   * Like the profile: a minute without any invocation emits no bucket at all (false), or an empty
   * bucket (true).
   */
  boolean emitEmptyBuckets = true;

  /**
   * Like the profile: the bucket carries the geometric mean of its invocations that did not time
   * out (true), or only quantiles (false: a bucket from before the profile computed it).
   */
  boolean geometricMean = true;

  /** Applied to the expected rate, durations and counts of the next buckets (the incident). */
  double rateFactor = 1, durationFactor = 1;

  final DetectorSettings cfg = new DetectorSettings();
  final FunctionDetectors detectors = new FunctionDetectors(cfg, PriceTable.defaults());
  final FunctionBaseline state = new FunctionBaseline();
  private final SplittableRandom r;
  long minute = 0;

  /** Buckets of warm-up before a test changes anything: 15 hours, a learnt baseline. */
  static final int WARM_UP = 900;

  /** A function of {@code peakPerMinute} that has run {@link #WARM_UP} normal buckets. */
  static SyntheticFunction warmedUp(double peakPerMinute, long seed) {
    SyntheticFunction f = new SyntheticFunction(peakPerMinute, seed);
    f.run(WARM_UP);
    return f;
  }

  SyntheticFunction(double peakPerMinute, long seed) {
    this.peakPerMinute = peakPerMinute;
    this.r = new SplittableRandom(seed);
  }

  double rate(long minute) {
    double hour = (minute % 1440) / 60.0;
    double trough = 1 / peakTrough;
    return peakPerMinute
        * (trough + (1 - trough) * (0.5 + 0.5 * Math.cos(2 * Math.PI * (hour - 15) / 24)));
  }

  MetricBucket next() {
    MetricBucket b = MetricBuckets.bucket("111122223333/us-east-1/f", minute * MINUTE);
    double mu = rate(minute) * Math.exp(0.1 * r.nextGaussian()) * rateFactor;
    int n = poisson(mu);
    b.invocations = n;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = medianMs * durationFactor * Math.exp(sigma * r.nextGaussian());
      d[i] = Math.min(d[i], 0.98 * timeoutMs);
      double u = r.nextDouble();
      if (u < timeoutRate) {
        hung.merge(minute + timeoutMs / MINUTE, 1, Integer::sum);
        d[i] = Double.NaN;
        continue;
      } else if (u < timeoutRate + errorRate) b.errors++;
      b.gbSeconds += d[i] / 1000 * memoryMb / 1024.0;
    }
    // Timed-out invocations report when they end: a whole timeout after they started.
    int ending = hung.getOrDefault(minute, 0);
    hung.remove(minute);
    d = Arrays.stream(d).filter(x -> !Double.isNaN(x)).toArray();
    if (geometricMean && d.length > 0) {
      b.durationGeoMeanMs = Math.exp(Arrays.stream(d).map(Math::log).average().orElseThrow());
    }
    if (ending > 0) {
      double[] all = Arrays.copyOf(d, d.length + ending);
      Arrays.fill(all, d.length, all.length, (double) timeoutMs);
      d = all;
      b.timeouts += ending;
      b.gbSeconds += ending * timeoutMs / 1000.0 * memoryMb / 1024.0;
    }
    n = d.length;
    b.invocations = n;
    Arrays.sort(d);
    if (n > 0) {
      b.durationP50Ms = d[(n - 1) / 2];
      b.durationP95Ms = d[(int) Math.min(n - 1, Math.round(0.95 * (n - 1)))];
      b.durationP99Ms = d[(int) Math.min(n - 1, Math.round(0.99 * (n - 1)))];
      b.durationMaxMs = d[n - 1];
    }
    b.memorySizeMb = memoryMb;
    b.maxMemoryUsedMb = n > 0 ? (int) (usedMb * (1.05 + 0.05 * r.nextDouble())) : 0;
    b.memoryUsedP99Mb = b.maxMemoryUsedMb;
    b.estimatedCostUsd = b.gbSeconds * 0.0000166667 + n * 0.0000002;
    if (n > 0) {
      b.flows = 2;
      b.egressBytes =
          Math.round(
              (n * egressPerInvocation + egressFloorPerMinute) * Math.exp(0.3 * r.nextGaussian()));
      b.distinctDestinationPorts = 1 + r.nextInt(2);
    }
    minute++;
    return b;
  }

  List<Signal> step(Consumer<MetricBucket> change) {
    MetricBucket b = next();
    change.accept(b);
    if (!emitEmptyBuckets && b.invocations == 0 && b.flows == 0) return List.of();
    return detectors.evaluate(b, state);
  }

  /** Runs n buckets; returns every signal. */
  List<Signal> run(int n, Consumer<MetricBucket> change) {
    List<Signal> all = new ArrayList<>();
    for (int i = 0; i < n; i++) all.addAll(step(change));
    return all;
  }

  List<Signal> run(int n) {
    return run(n, b -> {});
  }

  /** Buckets until the first signal of the type (1 = the first bucket), or -1 within n. */
  int bucketsUntil(FindingType type, int n, Consumer<MetricBucket> change) {
    for (int i = 1; i <= n; i++) {
      if (step(change).stream().anyMatch(s -> s.type() == type)) return i;
    }
    return -1;
  }

  int bucketsUntil(FindingType type, int n) {
    return bucketsUntil(type, n, b -> {});
  }

  static long count(List<Signal> signals, FindingType type) {
    return signals.stream().filter(s -> s.type() == type).count();
  }

  private int poisson(double lambda) {
    if (lambda <= 0) return 0;
    if (lambda > 50)
      return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * r.nextGaussian()));
    double l = Math.exp(-lambda), p = 1;
    int k = 0;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > l);
    return k - 1;
  }
}
