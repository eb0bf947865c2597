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
 * is found in one to two buckets and a big function's x1.3 wobble adds nothing. Minutes the profile
 * emitted no bucket for count as zeros, and a bucket is learnt only when it leaves the 8-bucket
 * ring, so neither a quiet function's empty minutes nor a spike's first buckets bias the
 * expectation. A volume anomaly whose counts since its onset grow exponentially (weighted
 * log-linear slope over at least 5 buckets after the onset, doubling within {@code
 * loopDoublingBuckets}, z > 3; a step is flat there) is a RECURSIVE_LOOP, and so is one whose
 * self-invocations (invocations that invoked the function's own ARN) its excess explains, whatever
 * its cap ({@link #selfInvocationEvidence}). False-alarm budget: e^-h per function-bucket. Stores
 * the 24-slot seasonal baseline, phi, the CUSUM, its onset, the last 16 counts and the
 * self-invocation share (~450 bytes).
 */
public final class VolumeFamily implements DetectorFamily {
  /** Smallest expectation used (a function quiet at night still has some traffic expected). */
  static final double MIN_EXPECTED = 0.05;

  @Override
  public String name() {
    return "volume";
  }

  /** At most this many missing (empty) buckets are filled in before a bucket (a day of minutes). */
  static final int MAX_GAP_BUCKETS = 1440;

  @Override
  public void evaluate(MetricBucket b, FunctionBaseline s, BucketContext ctx, List<Signal> out) {
    fillGap(b, s, ctx);
    var cfg = ctx.cfg;
    double h = ctx.threshold();
    double mu = expected(b.bucketStart, s, ctx);
    ctx.expectedInvocations = mu;
    double llr = Evidence.overdispersed(b.invocations, mu, cfg.volumeRatio * mu, phi(s, mu));
    float cusum = (float) Evidence.cusumAfter(s.volumeCusum, llr, 2 * h, h);
    if (s.volumeCusum <= 0 && cusum > 0) s.volumeOnset = s.buckets;
    s.volumeCusum = ctx.warm ? cusum : 0;
    boolean anomaly = ctx.warm && cusum > h && llr > 0; // this bucket itself supports it
    if (!anomaly) s.loopSeen = false;
    else {
      double minSlope = Math.log(2) / cfg.loopDoublingBuckets;
      s.loopSeen |= growingSinceOnset(b, s, minSlope) || selfInvocationEvidence(b, s, mu) > h;
      out.add(signal(b, s, ctx, mu, cusum, h));
    }
    if (cusum < h / 3 && b.invocations > 0) {
      s.selfEvents = (float) (s.selfEvents * cfg.rateDecay + b.selfInvocations);
      s.selfTrials = (float) (s.selfTrials * cfg.rateDecay + b.invocations);
    }
    learn(b.bucketStart, b.invocations, cusum, h, s, ctx);
    s.lastBucketStart = b.bucketStart;
  }

  /**
   * The over-dispersion the test uses: the estimate's upper bound (one standard error), so a calm
   * stretch that drove the estimate to its floor does not make a 5-a-minute function's ordinary
   * wobble read as a spike. The loop's growth test keeps the estimate itself.
   */
  static double phi(FunctionBaseline s, double mu) {
    return Evidence.dispersionBound(s.dispersion, mu, s.buckets);
  }

  private static double expected(long bucketStart, FunctionBaseline s, BucketContext ctx) {
    return Math.max(
        MIN_EXPECTED,
        s.invocationRate.cautious(bucketStart, ctx.cfg.slotWarmupBuckets, ctx.cfg.alphaRecent));
  }

  /**
   * The profile emits no bucket for a minute without any record, so the buckets between the last
   * one seen and this one held no invocation. They are counted as the zeros they were: otherwise a
   * quiet function's expectation is learnt from its busy minutes only (a 1-a-minute function would
   * look like ~1.6) and its spikes drown in that bias.
   */
  private void fillGap(MetricBucket b, FunctionBaseline s, BucketContext ctx) {
    long len = b.bucketEnd - b.bucketStart;
    if (s.lastBucketStart <= 0 || len <= 0 || b.bucketStart <= s.lastBucketStart) return;
    long missing = Math.min(MAX_GAP_BUCKETS, (b.bucketStart - s.lastBucketStart) / len - 1);
    double h = ctx.threshold();
    for (long i = missing; i >= 1; i--) {
      long start = b.bucketStart - i * len;
      double mu = expected(start, s, ctx);
      double llr = Evidence.overdispersed(0, mu, ctx.cfg.volumeRatio * mu, phi(s, mu));
      float cusum = (float) Evidence.cusumAfter(s.volumeCusum, llr, 2 * h, h);
      s.volumeCusum = ctx.warm ? cusum : 0;
      learn(start, 0, cusum, h, s, ctx);
      s.buckets++;
    }
  }

  /**
   * Records the count in the ring and learns the one {@code LEARN_LAG} buckets old: a spike's first
   * buckets are not absorbed before its evidence is in (by then the CUSUM has slowed learning to a
   * tenth), at the price of a baseline {@code LEARN_LAG} buckets behind a ramp.
   */
  private static void learn(
      long bucketStart, long x, double cusum, double h, FunctionBaseline s, BucketContext ctx) {
    int[] ring = s.recentCounts;
    int lag = Math.min(FunctionBaseline.LEARN_LAG, ring.length);
    long old = ring[(int) Math.floorMod(s.buckets - lag, (long) ring.length)];
    ring[(int) (s.buckets % ring.length)] = (int) Math.min(x, Integer.MAX_VALUE);
    if (s.buckets < lag) return;
    long oldStart = bucketStart - lag * ctx.bucketMs();
    double mu = expected(oldStart, s, ctx);
    // The more evidence of a spike, the slower the baseline learns (down to a tenth): a spike is
    // absorbed slowly, a drift the baseline missed (a morning ramp) still heals.
    if (cusum < h / 3) learnDispersion(old, mu, s);
    double pace = Math.max(0.1, Math.exp(-3 * cusum / h));
    s.invocationRate.update(oldStart, old, ctx.cfg.alphaRecent, ctx.cfg.slotWarmupBuckets, pace);
  }

  private Signal signal(
      MetricBucket b, FunctionBaseline s, BucketContext ctx, double mu, double cusum, double h) {
    double costPerInv = b.invocations > 0 ? b.estimatedCostUsd / b.invocations : 0;
    double extraPerHour = Math.max(0, b.invocations - mu) * costPerInv * 60 / ctx.minutes;
    boolean loop = s.loopSeen;
    String why =
        loop
            ? String.format(
                "invocations rising to %d per %s, %.1fx the expected %.1f (evidence %.1f >"
                    + " %.1f)%s: a self-feeding loop burns money until throttled; ~$%.2f/hour"
                    + " above baseline",
                b.invocations,
                ctx.window,
                b.invocations / mu,
                mu,
                cusum,
                h,
                b.selfInvocations > 0
                    ? String.format(", %d of them invoked the function itself", b.selfInvocations)
                    : ", growing exponentially",
                extraPerHour)
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

  /** Prior of the self-invocation share: 1 in 1,000 invocations, worth that many. */
  static final double SELF_PRIOR_EVENTS = 1, SELF_PRIOR_TRIALS = 1000;

  /**
   * Evidence that this bucket's excess invocations made themselves: a binomial log-likelihood ratio
   * of its self-invocations (application lines that invoked the function's own ARN) between the
   * function's own share q0 (decayed counts with a prior of 1 in 1,000) and the share a loop
   * implies, at least the excess over the expectation, (x - mu) / x. A loop that reaches its cap
   * within two doublings looks like a step in the counts; its invocations still say what they are.
   * Compared with h, the same e^-h as the anomaly itself; 0 when no invocation invoked itself.
   */
  static double selfInvocationEvidence(MetricBucket b, FunctionBaseline s, double mu) {
    if (b.selfInvocations <= 0 || b.invocations <= 0) return 0;
    double q0 = (s.selfEvents + SELF_PRIOR_EVENTS) / (s.selfTrials + SELF_PRIOR_TRIALS);
    double q1 = Math.min(0.999, Math.max(q0, 1 - mu / b.invocations));
    if (q1 <= q0) return 0;
    return Evidence.binomial(Math.min(b.selfInvocations, b.invocations), b.invocations, q0, q1);
  }

  /**
   * Growth over the buckets after the anomaly's onset (the onset bucket itself left out, so a step
   * that began there is flat): at least 5 buckets, slope >= {@code minSlope}, z > 3. A loop that
   * reaches its cap within a few doublings still shows here; a step does not.
   */
  static boolean growingSinceOnset(MetricBucket b, FunctionBaseline s, double minSlope) {
    long n =
        Math.min(
            Math.min(FunctionBaseline.LEARN_LAG, s.recentCounts.length), s.buckets - s.volumeOnset);
    if (n < 5) return false;
    double[] g = growth(b.invocations, s, 0, (int) n);
    return g[0] >= minSlope && g[1] > 3;
  }

  /**
   * Weighted least-squares slope of ln(count + 0.5) over {@code n} buckets from age {@code from} (0
   * = this one), weights the inverse variance of a log count, 1 / (1 / (count + 0.5) + phi)
   * (Poisson plus the function's over-dispersion): {slope, slope / se}.
   */
  static double[] growth(long current, FunctionBaseline s, int from, int n) {
    int[] ring = s.recentCounts;
    double sw = 0, st = 0, sy = 0;
    double[] t = new double[n], y = new double[n], w = new double[n];
    for (int i = 0; i < n; i++) {
      int age = from + i;
      long v = age == 0 ? current : ring[(int) Math.floorMod(s.buckets - age, (long) ring.length)];
      t[i] = -age;
      y[i] = Math.log(v + 0.5);
      w[i] = 1 / (1 / (v + 0.5) + s.dispersion);
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
    s.dispersion = Evidence.dispersion(s.dispersion, x, mu, 0.002f);
  }
}
