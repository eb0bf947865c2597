package io.vigil.models.detect.family;

import io.vigil.models.detect.Evidence;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.Ladder;
import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import java.util.List;

/**
 * Latency: duration regressions. Test: a Gaussian CUSUM of the bucket's mean log-duration (per
 * invocation, from the duration sketch: {@link MetricBucket#durationGeoMeanMs}) against the
 * function's sample-weighted log-duration baseline, each bucket weighted by the n invocations
 * behind it (variance sigma^2 / n; a bucket without the mean falls back to its median, variance ~
 * pi/2 sigma^2 / n), on a ladder of design shifts {@code ln(durationShift) x 0.5, 1, 2} (x1.22,
 * x1.5, x2.25 at the default), each at h + ln 3, so a sustained 1.2x is not judged against a 1.5x
 * design it barely reaches halfway to. One or two invocations a minute add little evidence each; a
 * sustained shift still accumulates. Buckets in a timeout storm are skipped (their durations are
 * the timeout). False-alarm budget: e^-h per function-bucket. Stores a {@code LogShift} with its
 * waiting buckets and three CUSUMs (104 bytes).
 */
public final class LatencyFamily implements DetectorFamily {
  @Override
  public String name() {
    return "latency";
  }

  /** Effective sample size of a median of n. */
  static double medianWeight(long n) {
    return n <= 1 ? n : 2.0 * n / Math.PI;
  }

  /**
   * The bucket's log-duration: the mean of its invocations' log-durations when the bucket carries
   * it (weight n), else the log of its median (weight {@link #medianWeight}); the sketch's median
   * of an even count is the lower middle value, biased low by ~1.1/n sigma in log (a night of
   * 2-invocation buckets must not set a baseline the day reads as a shift).
   */
  static double logDuration(MetricBucket b, long n, FunctionBaseline s) {
    if (b.durationGeoMeanMs > 0) return Math.log(b.durationGeoMeanMs);
    return Math.log(b.durationP50Ms) + (n % 2 == 0 ? 1.1 / n * Math.sqrt(s.logDuration.var) : 0);
  }

  @Override
  public void evaluate(MetricBucket b, FunctionBaseline s, BucketContext ctx, List<Signal> out) {
    if (b.invocations == 0 || b.durationP50Ms <= 0) return;
    double h = ctx.threshold();
    long n = b.invocations - b.timeouts;
    double w = b.durationGeoMeanMs > 0 ? n : medianWeight(n);
    if (w <= 0) return;
    double x = logDuration(b, n, s);
    // Logs tame one slow invocation: no cap per bucket (a busy function's 2x is found at once).
    double[] llrs =
        Ladder.shiftLlrs(
            s.logDuration, x, w, Math.log(ctx.cfg.durationShift), Double.POSITIVE_INFINITY);
    double[] sums = Ladder.sums(s.durationCusum, s.durationLadder);
    double evidence = Ladder.step(sums, llrs, h, ctx.warm);
    s.durationCusum = Ladder.store(sums, s.durationLadder);
    if (ctx.warm && evidence > h) {
      double exp = Math.exp(s.logDuration.mean);
      double seen = Math.exp(x);
      String what = b.durationGeoMeanMs > 0 ? "typical (geometric-mean)" : "median";
      out.add(
          new Signal(
              FindingType.DURATION_REGRESSION,
              "latency-cusum",
              Evidence.score(evidence, h),
              seen,
              exp,
              b.durationGeoMeanMs > 0 ? "ms geometric mean" : "ms p50",
              Math.max(0, b.estimatedCostUsd * (1 - exp / seen) * 60 / ctx.minutes),
              null,
              0,
              String.format(
                  "%s duration %.0f ms vs. %.0f ms usual (%.1fx) over %d invocations,"
                      + " sustained (evidence %.1f > %.1f, sample-weighted CUSUM); p50 %.0f ms,"
                      + " p95 %.0f ms",
                  what,
                  seen,
                  exp,
                  seen / exp,
                  b.invocations,
                  evidence,
                  h,
                  b.durationP50Ms,
                  b.durationP95Ms)));
    }
    s.logDuration.learn(x, w, ctx.cfg.rateDecay, ctx.warm, evidence, h);
  }
}
