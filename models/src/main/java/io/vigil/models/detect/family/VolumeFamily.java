package io.vigil.models.detect.family;

import io.vigil.models.detect.Evidence;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import java.util.List;

/**
 * Volume: invocation spikes and runaway (recursive) loops. Test: a one-sided negative-binomial
 * CUSUM of the bucket's invocations against the seasonal (hour-of-day) expectation mu, alternative
 * {@code volumeRatio x mu}; evidence accumulates across buckets, so a small function's sustained x9
 * is found in one to two buckets and a big function's x1.3 wobble adds nothing. A volume anomaly
 * whose recent counts grow exponentially (weighted log-linear slopes of the last two 4-bucket
 * halves, each doubling within {@code loopDoublingBuckets}, z > 2) is a RECURSIVE_LOOP. False-alarm
 * budget: e^-h per function-bucket. Stores the 24-slot seasonal baseline, phi, the CUSUM and the
 * last 8 counts (~370 bytes).
 */
public final class VolumeFamily implements DetectorFamily {
  /** Smallest expectation used (a function quiet at night still has some traffic expected). */
  static final double MIN_EXPECTED = 0.05;

  @Override
  public String name() {
    return "volume";
  }

  @Override
  public void evaluate(MetricBucket b, FunctionBaseline s, BucketContext ctx, List<Signal> out) {
    var cfg = ctx.cfg;
    double h = ctx.threshold();
    double mu =
        Math.max(
            MIN_EXPECTED,
            s.invocationRate.cautious(b.bucketStart, cfg.slotWarmupBuckets, cfg.alphaRecent));
    ctx.expectedInvocations = mu;
    double llr = Evidence.overdispersed(b.invocations, mu, cfg.volumeRatio * mu, s.dispersion);
    float cusum = (float) Evidence.cusumAfter(s.volumeCusum, llr, 2 * h, h);
    s.volumeCusum = ctx.warm ? cusum : 0;
    boolean anomaly = ctx.warm && cusum > h && llr > 0; // this bucket itself supports it
    if (!anomaly) s.loopSeen = false;
    else {
      s.loopSeen |= growing(b.invocations, s, Math.log(2) / cfg.loopDoublingBuckets);
      out.add(signal(b, s, ctx, mu, cusum, h));
    }
    // The more evidence of a spike, the slower the baseline learns (down to a tenth): a spike is
    // absorbed slowly, a drift the baseline missed (a morning ramp) still heals.
    if (cusum < h / 3) learnDispersion(b.invocations, mu, s);
    double pace = Math.max(0.1, Math.exp(-3 * cusum / h));
    s.invocationRate.update(
        b.bucketStart, b.invocations, cfg.alphaRecent, cfg.slotWarmupBuckets, pace);
    s.recentInvocations[(int) (s.buckets % FunctionBaseline.HISTORY)] = b.invocations;
  }

  private Signal signal(
      MetricBucket b, FunctionBaseline s, BucketContext ctx, double mu, double cusum, double h) {
    double costPerInv = b.invocations > 0 ? b.estimatedCostUsd / b.invocations : 0;
    double extraPerHour = Math.max(0, b.invocations - mu) * costPerInv * 60 / ctx.minutes;
    boolean loop = s.loopSeen;
    String why =
        loop
            ? String.format(
                "invocations growing exponentially to %d per %s, %.1fx the expected %.1f"
                    + " (evidence %.1f > %.1f): a self-feeding loop burns money until throttled;"
                    + " ~$%.2f/hour above baseline",
                b.invocations, ctx.window, b.invocations / mu, mu, cusum, h, extraPerHour)
            : String.format(
                "%d invocations per %s vs. %.1f expected for this hour (%.1fx; evidence %.1f >"
                    + " %.1f, negative-binomial CUSUM); ~$%.2f/hour above baseline",
                b.invocations, ctx.window, mu, b.invocations / mu, cusum, h, extraPerHour);
    return new Signal(
        loop ? FindingType.RECURSIVE_LOOP : FindingType.INVOCATION_SPIKE,
        loop ? "volume-growth" : "volume-cusum",
        Evidence.score(cusum, h),
        b.invocations,
        mu,
        "invocations/" + ctx.window,
        extraPerHour,
        null,
        0,
        why);
  }

  /**
   * Exponential growth, not a step: the counts of the last 4 buckets and of the 4 before each rise
   * at least {@code minSlope} per bucket in log, with z > 2 (a step rises in one half only).
   */
  static boolean growing(long current, FunctionBaseline s, double minSlope) {
    if (s.buckets + 1 < FunctionBaseline.HISTORY) return false;
    double[] recent = growth(current, s, 0, 4);
    double[] before = growth(current, s, 4, 4);
    return recent[0] >= minSlope && recent[1] > 2 && before[0] >= minSlope && before[1] > 2;
  }

  /**
   * Weighted least-squares slope of ln(count + 0.5) over {@code n} buckets from age {@code from} (0
   * = this one), weights count + 0.5 (the inverse Poisson variance of a log count): {slope, slope /
   * se}.
   */
  static double[] growth(long current, FunctionBaseline s, int from, int n) {
    double sw = 0, st = 0, sy = 0;
    double[] t = new double[n], y = new double[n], w = new double[n];
    for (int i = 0; i < n; i++) {
      int age = from + i;
      long v =
          age == 0
              ? current
              : s.recentInvocations[(int) ((s.buckets - age) % FunctionBaseline.HISTORY)];
      t[i] = -age;
      y[i] = Math.log(v + 0.5);
      w[i] = v + 0.5;
      sw += w[i];
      st += w[i] * t[i];
      sy += w[i] * y[i];
    }
    double tm = st / sw, ym = sy / sw, sxx = 0, sxy = 0;
    for (int i = 0; i < n; i++) {
      sxx += w[i] * (t[i] - tm) * (t[i] - tm);
      sxy += w[i] * (t[i] - tm) * (y[i] - ym);
    }
    double slope = sxy / sxx;
    return new double[] {slope, slope * Math.sqrt(sxx)};
  }

  /** phi from ((x - mu)^2 - mu) / mu^2, smoothed; only meaningful once mu is not tiny. */
  private static void learnDispersion(long x, double mu, FunctionBaseline s) {
    if (mu < 2) return;
    double est = ((x - mu) * (x - mu) - mu) / (mu * mu);
    est = Math.max(0, Math.min(0.5, est));
    s.dispersion = (float) Math.max(0.002, s.dispersion + 0.03 * (est - s.dispersion));
  }
}
