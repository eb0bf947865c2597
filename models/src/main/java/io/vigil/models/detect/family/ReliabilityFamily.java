package io.vigil.models.detect.family;

import io.vigil.models.detect.DecayedRate;
import io.vigil.models.detect.Evidence;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import java.util.List;

/**
 * Reliability: error storms (errors and throttles over attempts) and timeout storms (timeouts over
 * invocations). Test: a binomial CUSUM per rate, normal rate p0 from decayed counts with a prior
 * (so one early error is not a 0% baseline), alternative {@code max(4 p0, p0 + lift)}; a bucket of
 * 2 invocations adds a little evidence, one of 2,000 a lot. False-alarm budget: e^-h per
 * function-bucket each. Stores two decayed rates and two CUSUMs (40 bytes).
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

    double q0 = s.timeoutRate.rate(TIMEOUT_PRIOR_EVENTS, TIMEOUT_PRIOR_TRIALS);
    rungs = new double[] {s.timeoutCusum, s.timeoutLadder[0], s.timeoutLadder[1]};
    double tEvidence =
        ladder(b.timeouts, b.invocations, q0, cfg.timeoutRateLift, rungs, h, ctx.warm);
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
              rate(b.timeouts, b.invocations) * 100,
              q0 * 100,
              "% timeouts",
              perHour,
              null,
              0,
              String.format(
                  "%d of %d invocations timed out (%.0f%%) over %s vs. %.2f%% usual; each one"
                      + " bills the full timeout (evidence %.1f > %.1f, binomial CUSUM)",
                  b.timeouts,
                  b.invocations,
                  rate(b.timeouts, b.invocations) * 100,
                  ctx.window,
                  q0 * 100,
                  tEvidence,
                  h)));
    } else if (tEvidence < h / 3) s.timeoutRate.update(b.timeouts, b.invocations, cfg.rateDecay);
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
    double hk = h + Math.log(LADDER.length);
    double alarmed = Double.NEGATIVE_INFINITY, quiet = 0;
    for (int i = 0; i < LADDER.length; i++) {
      double llr = Evidence.binomial(k, n, p0, alternative(p0, lift * LADDER[i]));
      rungs[i] = warm ? Evidence.cusumAfter(rungs[i], llr, 2 * hk, hk) : 0;
      double onScale = rungs[i] - (hk - h);
      if (rungs[i] > hk && llr > 0) alarmed = Math.max(alarmed, onScale);
      else quiet = Math.max(quiet, Math.min(onScale, h));
    }
    // On the scale of h: above h exactly when a rung alarms with this bucket's support.
    return alarmed > h ? alarmed : quiet;
  }

  private static double rate(long k, long n) {
    return n == 0 ? 0 : (double) k / n;
  }

  /** Exposed for tests: the normal error rate a function has learnt. */
  static double errorRate(DecayedRate r) {
    return r.rate(ERROR_PRIOR_EVENTS, ERROR_PRIOR_TRIALS);
  }
}
