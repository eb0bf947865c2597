package io.vigil.models.detect.family;

import io.vigil.models.detect.Evidence;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import java.util.List;

/**
 * Cost: the same traffic got more expensive per invocation (longer or bigger invocations). Test: a
 * Gaussian CUSUM of ln(cost per invocation) against its sample-weighted baseline, weighted by the
 * invocations behind each bucket, design shift {@code ln(costShift)}; timed-out invocations are
 * left out and one bucket adds at most 0.6 h (a mean cost is not robust to one very long
 * invocation), so it takes two buckets. Volume is the volume family's business. A duration
 * regression also raises cost: both findings may open on one incident. False-alarm budget: e^-h per
 * function-bucket. Stores a {@code LogShift} and a CUSUM (20 bytes).
 */
public final class CostFamily implements DetectorFamily {
  @Override
  public String name() {
    return "cost";
  }

  @Override
  public void evaluate(MetricBucket b, FunctionBaseline s, BucketContext ctx, List<Signal> out) {
    // Timed-out invocations bill the full timeout: they are the reliability family's business.
    long n = b.invocations - b.timeouts;
    double timedOut =
        b.timeouts
            * b.durationMaxMs
            / 1000.0
            * b.memorySizeMb
            / 1024.0
            * ctx.prices.rate(b.region, null).gbSecond();
    double cost = b.estimatedCostUsd - timedOut;
    if (n <= 0 || cost <= 0) return;
    double h = ctx.threshold();
    double perInv = cost / n;
    double x = Math.log(perInv);
    double w = n;
    // A mean is not robust: one bucket never carries more than 0.6 of the evidence needed.
    double llr = Math.min(0.6 * h, s.logCostPerInvocation.llr(x, w, Math.log(ctx.cfg.costShift)));
    s.costCusum = ctx.warm ? (float) Evidence.cusumAfter(s.costCusum, llr, 2 * h, h) : 0;
    if (ctx.warm && s.costCusum > h && llr > 0) {
      double exp = Math.exp(s.logCostPerInvocation.mean);
      double perHour = b.estimatedCostUsd * 60 / ctx.minutes;
      double expPerHour = exp * b.invocations * 60 / ctx.minutes;
      out.add(
          new Signal(
              FindingType.COST_SPIKE,
              "cost-cusum",
              Evidence.score(s.costCusum, h),
              perHour,
              expPerHour,
              "USD/hour",
              Math.max(0, perHour - expPerHour),
              null,
              0,
              String.format(
                  "cost per invocation $%.7f vs. $%.7f usual (%.1fx) over %d invocations"
                      + " (evidence %.1f > %.1f): $%.4f/hour at this rate, ~$%.4f/hour above"
                      + " baseline",
                  perInv,
                  exp,
                  perInv / exp,
                  b.invocations,
                  s.costCusum,
                  h,
                  perHour,
                  perHour - expPerHour)));
    } else if (s.costCusum < h / 3 || !ctx.warm) {
      s.logCostPerInvocation.update(x, w, ctx.cfg.rateDecay);
    }
  }
}
