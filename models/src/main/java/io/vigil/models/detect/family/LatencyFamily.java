package io.vigil.models.detect.family;

import io.vigil.models.detect.Evidence;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import java.util.List;

/**
 * Latency: duration regressions. Test: a Gaussian CUSUM of ln(median duration) against the
 * function's sample-weighted log-duration baseline, each bucket weighted by the invocations behind
 * it (a median of n log-normal samples has variance ~ pi/2 sigma^2 / n), design shift {@code
 * ln(durationShift)}. One or two invocations a minute add little evidence each; a sustained shift
 * still accumulates. Buckets in a timeout storm are skipped (their durations are the timeout).
 * False-alarm budget: e^-h per function-bucket. Stores a {@code LogShift} and a CUSUM (20 bytes).
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

  @Override
  public void evaluate(MetricBucket b, FunctionBaseline s, BucketContext ctx, List<Signal> out) {
    if (b.invocations == 0 || b.durationP50Ms <= 0) return;
    double h = ctx.threshold();
    long n = b.invocations - b.timeouts;
    double w = medianWeight(n);
    if (w <= 0) return;
    // The sketch's median of an even count is the lower middle value: biased low by ~1.1/n sigma
    // in log (a night of 2-invocation buckets must not set a baseline the day reads as a shift).
    double x =
        Math.log(b.durationP50Ms) + (n % 2 == 0 ? 1.1 / n * Math.sqrt(s.logDuration.var) : 0);
    double delta = Math.log(ctx.cfg.durationShift);
    double llr = s.logDuration.llr(x, w, delta);
    s.durationCusum = ctx.warm ? (float) Evidence.cusumAfter(s.durationCusum, llr, 2 * h, h) : 0;
    if (ctx.warm && s.durationCusum > h && llr > 0) {
      double exp = Math.exp(s.logDuration.mean);
      out.add(
          new Signal(
              FindingType.DURATION_REGRESSION,
              "latency-cusum",
              Evidence.score(s.durationCusum, h),
              b.durationP50Ms,
              exp,
              "ms p50",
              Math.max(0, b.estimatedCostUsd * (1 - exp / b.durationP50Ms) * 60 / ctx.minutes),
              null,
              0,
              String.format(
                  "median duration %.0f ms vs. %.0f ms usual (%.1fx) over %d invocations,"
                      + " sustained (evidence %.1f > %.1f, sample-weighted CUSUM); p95 %.0f ms",
                  b.durationP50Ms,
                  exp,
                  b.durationP50Ms / exp,
                  b.invocations,
                  s.durationCusum,
                  h,
                  b.durationP95Ms)));
    } else if (s.durationCusum < h / 3 || !ctx.warm) {
      // Learn only while the evidence of a shift is small, so a regression is not absorbed.
      s.logDuration.update(x, w, ctx.cfg.rateDecay);
    }
  }
}
