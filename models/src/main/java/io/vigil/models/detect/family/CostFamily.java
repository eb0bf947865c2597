package io.vigil.models.detect.family;

import io.vigil.models.detect.Evidence;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.Ladder;
import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import java.util.List;

/**
 * Cost: the same traffic got more expensive per invocation (longer or bigger invocations). Test: a
 * Gaussian CUSUM of ln(GB-seconds per invocation), the part of the cost per invocation that can
 * change (the request fee cannot), against its sample-weighted baseline, weighted by the
 * invocations behind each bucket (buckets with timed-out invocations are skipped), on a ladder of
 * design shifts {@code ln(costShift) x 0.5, 1, 2} (x1.22, x1.5, x2.25 at the default), each at h +
 * ln 3; one bucket adds at most 0.6 h (a mean cost is not robust to one very long invocation), so
 * it takes two buckets. Volume is the volume family's business. A duration regression also raises
 * cost: both findings may open on one incident. False-alarm budget: e^-h per function-bucket.
 * Stores a {@code LogShift} with its waiting buckets and three CUSUMs (104 bytes).
 */
public final class CostFamily implements DetectorFamily {
  @Override
  public String name() {
    return "cost";
  }

  @Override
  public void evaluate(MetricBucket b, FunctionBaseline s, BucketContext ctx, List<Signal> out) {
    // Timed-out invocations bill the full timeout: they are the reliability family's business. A
    // bucket holding any carries no cost evidence: the sketch's maximum is the timeout only to
    // within 2%, and 2% of a 900 s timeout outweighs hundreds of normal invocations' GB-seconds.
    long n = b.invocations;
    double gbs = b.gbSeconds;
    if (b.timeouts > 0 || n <= 0 || gbs <= 0) return;
    var rate = ctx.prices.rate(b.region, null);
    double h = ctx.threshold();
    // The request fee is the same for every invocation: the part of the cost that can change per
    // invocation is its GB-seconds (duration x memory), so that is what is tested.
    double x = Math.log(gbs / n);
    double w = n;
    // A mean is not robust: one bucket never carries more than 0.6 of the evidence needed.
    double[] llrs =
        Ladder.shiftLlrs(s.logCostPerInvocation, x, w, Math.log(ctx.cfg.costShift), 0.6 * h);
    double[] sums = Ladder.sums(s.costCusum, s.costLadder);
    double evidence = Ladder.step(sums, llrs, h, ctx.warm);
    s.costCusum = Ladder.store(sums, s.costLadder);
    double perInv = gbs / n * rate.gbSecond() + rate.request();
    if (ctx.warm && evidence > h) {
      double exp = Math.exp(s.logCostPerInvocation.mean) * rate.gbSecond() + rate.request();
      double perHour = b.estimatedCostUsd * 60 / ctx.minutes;
      double expPerHour = exp * b.invocations * 60 / ctx.minutes;
      out.add(
          new Signal(
              FindingType.COST_SPIKE,
              "cost-cusum",
              Evidence.score(evidence, h),
              perHour,
              expPerHour,
              "USD/hour",
              Math.max(0, perHour - expPerHour),
              null,
              0,
              String.format(
                  "cost per invocation $%.7f vs. $%.7f usual (%.2fx; GB-seconds %.2fx) over %d"
                      + " invocations (evidence %.1f > %.1f): $%.4f/hour at this rate, ~$%.4f/hour"
                      + " above baseline",
                  perInv,
                  exp,
                  perInv / exp,
                  Math.exp(x - s.logCostPerInvocation.mean),
                  b.invocations,
                  evidence,
                  h,
                  perHour,
                  perHour - expPerHour)));
    }
    s.logCostPerInvocation.learn(x, w, ctx.cfg.rateDecay, ctx.warm, evidence, h);
  }
}
