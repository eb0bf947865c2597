package io.vigil.models.detect.family;

import io.vigil.models.detect.DecayedRate;
import io.vigil.models.detect.Evidence;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.Ladder;
import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import java.util.List;

/**
 * Reliability: error storms (errors and throttles over attempts) and timeout storms (timeouts over
 * invocations). Test: a binomial CUSUM per rate, normal rate p0 from decayed counts with a prior
 * (so one early error is not a 0% baseline), alternative {@code max(4 p0, p0 + lift)}; a bucket of
 * 2 invocations adds a little evidence, one of 2,000 a lot. False-alarm budget: e^-h per
 * function-bucket each. A timed-out invocation is reported a whole timeout after it started, so the
 * timeout test's trials are the invocations that started then (see {@link #timeoutTrials}). Stores
 * two decayed rates, six CUSUMs and the timeout (52 bytes).
 */
public final class ReliabilityFamily implements DetectorFamily {
  /** Prior: 1 failure in 200 attempts, 1 timeout in 2,000, each worth that many attempts. */
  static final double ERROR_PRIOR_EVENTS = 1, ERROR_PRIOR_TRIALS = 200;

  static final double TIMEOUT_PRIOR_EVENTS = 0.5, TIMEOUT_PRIOR_TRIALS = 1000;

  @Override
  public String name() {
    return "reliability";
  }

  @Override
  public void evaluate(MetricBucket b, FunctionBaseline s, BucketContext ctx, List<Signal> out) {
    var cfg = ctx.cfg;
    double h = ctx.threshold();
    long attempts = b.invocations + b.throttles;
    long failures = b.errors + b.throttles;
    double p0 = s.errorRate.rate(ERROR_PRIOR_EVENTS, ERROR_PRIOR_TRIALS);
    double[] rungs = {s.errorCusum, s.errorLadder[0], s.errorLadder[1]};
    double evidence = ladder(failures, attempts, p0, cfg.errorRateLift, rungs, h, ctx.warm);
    s.errorCusum = (float) rungs[0];
    s.errorLadder[0] = (float) rungs[1];
    s.errorLadder[1] = (float) rungs[2];
    boolean errors = ctx.warm && evidence > h;
    if (errors) {
      out.add(
          new Signal(
              FindingType.ERROR_STORM,
              "reliability-binomial",
              Evidence.score(evidence, h),
              rate(failures, attempts) * 100,
              p0 * 100,
              "% errors",
              0,
              null,
              0,
              String.format(
                  "%d of %d invocations failed (%.0f%%) over %s vs. %.2f%% usual%s%s"
                      + " (evidence %.1f > %.1f, binomial CUSUM)",
                  failures,
                  attempts,
                  rate(failures, attempts) * 100,
                  ctx.window,
                  p0 * 100,
                  b.outOfMemory > 0 ? "; " + b.outOfMemory + " ran out of memory" : "",
                  b.throttles > 0 ? "; " + b.throttles + " throttled" : "",
                  evidence,
                  h)));
    } else if (evidence < h / 3) s.errorRate.update(failures, attempts, cfg.rateDecay);

    learnTimeout(b, s);
    long started = timeoutTrials(b, s, ctx);
    double q0 = s.timeoutRate.rate(TIMEOUT_PRIOR_EVENTS, TIMEOUT_PRIOR_TRIALS);
    rungs = new double[] {s.timeoutCusum, s.timeoutLadder[0], s.timeoutLadder[1]};
    double tEvidence = ladder(b.timeouts, started, q0, cfg.timeoutRateLift, rungs, h, ctx.warm);
    s.timeoutCusum = (float) rungs[0];
    s.timeoutLadder[0] = (float) rungs[1];
    s.timeoutLadder[1] = (float) rungs[2];
    boolean timeouts = ctx.warm && tEvidence > h;
    if (timeouts) {
      double perHour =
          b.timeouts
              * b.durationMaxMs
              / 1000.0
              * b.memorySizeMb
              / 1024.0
              * ctx.prices.rate(b.region, null).gbSecond()
              * 60
              / ctx.minutes;
      out.add(
          new Signal(
              FindingType.TIMEOUT_STORM,
              "reliability-binomial",
              Evidence.score(tEvidence, h),
              rate(b.timeouts, started) * 100,
              q0 * 100,
              "% timeouts",
              perHour,
              null,
              0,
              String.format(
                  "%d of %d invocations started %s timed out (%.0f%%) vs. %.2f%% usual; each"
                      + " one bills the full timeout (evidence %.1f > %.1f, binomial CUSUM)",
                  b.timeouts,
                  started,
                  startedWhen(s, ctx),
                  rate(b.timeouts, started) * 100,
                  q0 * 100,
                  tEvidence,
                  h)));
    } else if (tEvidence < h / 3) s.timeoutRate.update(b.timeouts, started, cfg.rateDecay);
  }

  /**
   * The timeout from the configuration the bucket carries, else from a timed-out invocation: it ran
   * exactly the timeout, and nothing in its bucket ran longer. The profile's maximum is the timeout
   * only to the sketch's 2%, so an observation within 5% of the known timeout changes nothing (a
   * lookup that fails now and then must not flip the timeout, and with it the timeout advice).
   */
  static void learnTimeout(MetricBucket b, FunctionBaseline s) {
    if (b.config != null && b.config.timeoutSeconds != null) {
      s.timeoutMs = (int) Math.min(Integer.MAX_VALUE, b.config.timeoutSeconds * 1000L);
    } else if (b.timeouts > 0 && b.durationMaxMs > 0) {
      long seen = Math.min(Integer.MAX_VALUE, Math.round(b.durationMaxMs));
      if (Math.abs(seen - s.timeoutMs) > 0.05 * s.timeoutMs) s.timeoutMs = (int) seen;
    }
  }

  /**
   * Trials of the timeout test: the invocations that started when this bucket's timed-out ones did.
   * An invocation that times out is reported a whole timeout after it started, so against this
   * bucket's reports (mostly invocations that started in it) a 15-minute timeout's storm would be
   * judged on the wrong traffic, and once traffic stops its last hung invocations would read as "1
   * of 1 timed out". So: the normal invocations reported {@code timeout / bucket} buckets ago
   * (interpolated between the two buckets around that age), plus this bucket's timeouts. Beyond the
   * ring's reach, the seasonal expectation stands in for the old count.
   */
  static long timeoutTrials(MetricBucket b, FunctionBaseline s, BucketContext ctx) {
    long normal = b.invocations - b.timeouts;
    if (s.timeoutMs <= 0) return b.invocations;
    double age = s.timeoutMs / (double) ctx.bucketMs();
    int a = (int) Math.floor(age);
    double w = age - a;
    double started =
        (1 - w) * countAt(b, s, ctx, a, normal) + w * countAt(b, s, ctx, a + 1, normal);
    return Math.max(b.timeouts, Math.round(started) + b.timeouts);
  }

  /** Normal invocations reported {@code age} buckets ago (0 = this bucket). */
  private static double countAt(
      MetricBucket b, FunctionBaseline s, BucketContext ctx, int age, long normal) {
    if (age == 0) return normal;
    int[] ring = s.recentCounts;
    if (age >= ring.length || age > s.buckets) return Math.max(normal, ctx.expectedInvocations);
    return ring[(int) Math.floorMod(s.buckets - age, (long) ring.length)];
  }

  private static String startedWhen(FunctionBaseline s, BucketContext ctx) {
    if (s.timeoutMs < ctx.bucketMs()) return "over this " + ctx.window;
    return String.format("%.0f min earlier", s.timeoutMs / 60_000.0);
  }

  static double alternative(double p0, double lift) {
    return Math.min(0.999, Math.max(4 * p0, p0 + lift));
  }

  /** Design lifts of the ladder, as multiples of the configured lift. */
  static final double[] LADDER = {1, 4, 16};

  /**
   * Binomial CUSUMs against three design alternatives (lift x1, x4, x16): a few failures in few
   * invocations carry more evidence against a big alternative, many small shifts against the small
   * one. Each alarms at h + ln 3, so the three together keep the e^-h budget (union bound). Updates
   * {@code rungs} and returns the evidence on the scale of h (each rung minus ln 3): above h only
   * when a rung alarms and this bucket itself supports its alternative.
   */
  static double ladder(
      long k, long n, double p0, double lift, double[] rungs, double h, boolean warm) {
    double[] llrs = new double[LADDER.length];
    for (int i = 0; i < LADDER.length; i++) {
      llrs[i] = Evidence.binomial(k, n, p0, alternative(p0, lift * LADDER[i]));
    }
    return Ladder.step(rungs, llrs, h, warm);
  }

  private static double rate(long k, long n) {
    return n == 0 ? 0 : (double) k / n;
  }

  /** Exposed for tests: the normal error rate a function has learnt. */
  static double errorRate(DecayedRate r) {
    return r.rate(ERROR_PRIOR_EVENTS, ERROR_PRIOR_TRIALS);
  }
}
