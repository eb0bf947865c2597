package io.vigil.models.detect.family;

import io.vigil.models.detect.Evidence;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.Ladder;
import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import java.util.List;

/**
 * Network: mining pools, exfiltration, port scans. Tests (each a CUSUM, false-alarm budget e^-h per
 * function-bucket):
 *
 * <ul>
 *   <li>CRYPTO_MINING: Poisson CUSUM of flows to Stratum mining-pool ports against the function's
 *       own rate (prior 1 in 10,000 buckets), alternative +1 flow per bucket;
 *   <li>EGRESS_EXFILTRATION: Gaussian CUSUM of ln(egress bytes per invocation), weighted by the
 *       invocations behind it, on a ladder of design shifts {@code ln(egressShift) x 0.5, 1, 2}
 *       (x1.7, x3, x9) each at h + ln 3, at most 0.6 h per bucket (two buckets at least); egress
 *       per invocation follows the seasonal traffic, so a daily peak is not exfiltration, and is
 *       taken at the function's usual invocations per bucket ({@code LogElasticity}: a per-bucket
 *       floor makes a quiet bucket's bytes per invocation larger); and a Bernoulli CUSUM of egress
 *       appearing in flow-logged buckets of a function that usually sends nothing out (a log-normal
 *       size model has nothing to compare with there);
 *   <li>PORT_SCAN: negative-binomial CUSUMs of rejected flows per bucket against their hour-of-day
 *       expectation ({@code SeasonalRate}, a fading prior of 0.01) and of distinct destination
 *       ports against the function's own rate (prior 2 per bucket), with over-dispersion (learnt
 *       from residuals, so ports or rejects that swing with the daily traffic count for less), the
 *       larger evidence counts.
 * </ul>
 *
 * Stores a {@code LogShift}, a {@code LogElasticity}, a 24-slot seasonal rate, three decayed rates,
 * six CUSUMs and two dispersions (~380 bytes with the log baseline's waiting buckets).
 */
public final class NetworkFamily implements DetectorFamily {
  static final double MINING_PRIOR_EVENTS = 0.01, MINING_PRIOR_BUCKETS = 100;
  static final double REJECT_PRIOR_EVENTS = 0.2, REJECT_PRIOR_BUCKETS = 20;
  static final double PORT_PRIOR_EVENTS = 40, PORT_PRIOR_BUCKETS = 20;
  static final double EGRESS_PRIOR_EVENTS = 1, EGRESS_PRIOR_BUCKETS = 2;

  @Override
  public String name() {
    return "network";
  }

  @Override
  public void evaluate(MetricBucket b, FunctionBaseline s, BucketContext ctx, List<Signal> out) {
    double h = ctx.threshold();
    double decay = ctx.cfg.rateDecay;
    mining(b, s, ctx, h, decay, out);
    if (b.flows == 0 && b.egressBytes == 0) return; // no flow logs for it: nothing to learn
    egress(b, s, ctx, h, decay, out);
    scan(b, s, ctx, h, decay, out);
  }

  private void mining(
      MetricBucket b,
      FunctionBaseline s,
      BucketContext ctx,
      double h,
      double decay,
      List<Signal> out) {
    double mu0 = s.miningFlowsPerBucket.rate(MINING_PRIOR_EVENTS, MINING_PRIOR_BUCKETS);
    double llr = Evidence.poisson(b.miningPortFlows, mu0, mu0 + 1);
    s.miningCusum = (float) Evidence.cusumAfter(s.miningCusum, llr, 2 * h, h);
    if (s.miningCusum > h && llr > 0) {
      out.add(
          new Signal(
              FindingType.CRYPTO_MINING,
              "network-mining-ports",
              Math.max(0.9, Evidence.score(s.miningCusum, h)),
              b.miningPortFlows,
              mu0,
              "flows",
              0,
              b.topDestination,
              b.topDestinationPort,
              String.format(
                  "%d flows to known mining-pool ports (top: %s:%d, %d bytes) in %s vs. %.4f"
                      + " usual; Lambda functions have no business on Stratum ports",
                  b.miningPortFlows,
                  b.topDestination,
                  b.topDestinationPort,
                  b.topDestinationBytes,
                  ctx.window,
                  mu0)));
    } else if (s.miningCusum < h / 3) s.miningFlowsPerBucket.update(b.miningPortFlows, 1, decay);
  }

  private void egress(
      MetricBucket b,
      FunctionBaseline s,
      BucketContext ctx,
      double h,
      double decay,
      List<Signal> out) {
    double onset = egressOnset(b, s, ctx, h, decay);
    double size = 0;
    double w = Math.max(1, b.invocations);
    double u = Math.log(w);
    double y = b.egressBytes > 0 ? Math.log(b.egressBytes / w) : Double.NaN;
    // Bytes per invocation at the function's usual invocations per bucket (its per-bucket floor
    // makes a quiet bucket's bytes per invocation larger).
    double x = b.egressBytes > 0 ? s.egressElasticity.adjust(y, u) : Double.NaN;
    if (b.egressBytes > 0) {
      // One bucket adds at most 0.6 h: a single large transfer is not exfiltration, a sustained
      // one is.
      double[] llrs =
          Ladder.shiftLlrs(s.logEgressPerInvocation, x, w, Math.log(ctx.cfg.egressShift), 0.6 * h);
      double[] sums = Ladder.sums(s.egressCusum, s.egressLadder);
      size = Ladder.step(sums, llrs, h, ctx.warm);
      s.egressCusum = Ladder.store(sums, s.egressLadder);
    }
    double evidence = Math.max(onset, size);
    if (ctx.warm && evidence > h) {
      boolean fromNothing = onset > h && s.logEgressPerInvocation.buckets == 0;
      double exp = fromNothing ? 0 : Math.exp(s.logEgressPerInvocation.mean + y - x) * w;
      double usualShare = s.egressBuckets.rate(EGRESS_PRIOR_EVENTS, EGRESS_PRIOR_BUCKETS);
      out.add(
          new Signal(
              FindingType.EGRESS_EXFILTRATION,
              "network-egress-cusum",
              Evidence.score(evidence, h),
              b.egressBytes,
              exp,
              "bytes/" + ctx.window,
              b.egressBytes / 1e9 * 0.09 * 60 / ctx.minutes,
              b.topDestination,
              b.topDestinationPort,
              String.format(
                  "%s egress in %s vs. %s usual for %d invocations (%s; evidence %.1f > %.1f);"
                      + " top destination %s:%d%s",
                  bytes(b.egressBytes),
                  ctx.window,
                  bytes((long) exp),
                  b.invocations,
                  onset > size
                      ? String.format(
                          "egress in %.0f%% of its flow-logged minutes before", 100 * usualShare)
                      : String.format("%.0fx", b.egressBytes / Math.max(exp, 1)),
                  evidence,
                  h,
                  b.topDestination,
                  b.topDestinationPort,
                  b.newDestinations > 0 ? " (" + b.newDestinations + " never seen before)" : "")));
    } else if ((evidence < h / 3 || !ctx.warm) && b.egressBytes > 0) {
      s.egressElasticity.update(y, u, decay);
    }
    if (b.egressBytes > 0 || evidence > h) {
      s.logEgressPerInvocation.learn(x, w, decay, ctx.warm, evidence, h);
    }
  }

  /**
   * Egress where there usually is none: a Bernoulli CUSUM of "this flow-logged bucket has egress"
   * against the function's own share q0 (prior 1 in 2, worth 2 buckets), alternative q0 + 0.5, only
   * while q0 < 0.5. A function that never sends anything out and starts to is found in two or three
   * buckets; one that always sends gathers no evidence here (its sizes are the other test).
   */
  private static double egressOnset(
      MetricBucket b, FunctionBaseline s, BucketContext ctx, double h, double decay) {
    double q0 = s.egressBuckets.rate(EGRESS_PRIOR_EVENTS, EGRESS_PRIOR_BUCKETS);
    boolean sends = b.egressBytes > 0;
    if (q0 >= 0.5) {
      // Egress is this function's norm: nothing to test here (and a prior keeps q0 below 1, so a
      // function that always sends would drift upwards against any larger alternative).
      s.egressOnsetCusum = 0;
      s.egressBuckets.update(sends ? 1 : 0, 1, decay);
      return 0;
    }
    double q1 = q0 + 0.5;
    double llr = sends ? Math.log(q1 / q0) : Math.log((1 - q1) / (1 - q0));
    float cusum = (float) Evidence.cusumAfter(s.egressOnsetCusum, llr, 2 * h, h);
    s.egressOnsetCusum = ctx.warm ? cusum : 0;
    double evidence = ctx.warm && cusum > h && llr > 0 ? cusum : Math.min(cusum, h);
    if (cusum < h / 3 || !ctx.warm) s.egressBuckets.update(sends ? 1 : 0, 1, decay);
    return evidence;
  }

  private void scan(
      MetricBucket b,
      FunctionBaseline s,
      BucketContext ctx,
      double h,
      double decay,
      List<Signal> out) {
    double r0 = expectedRejects(b.bucketStart, s, ctx);
    double p0 = s.portsPerBucket.rate(PORT_PRIOR_EVENTS, PORT_PRIOR_BUCKETS);
    // Negative-binomial noise: a function whose ports or rejects vary with its daily traffic more
    // than Poisson counts would has each bucket's evidence scaled down by 1 + phi mu.
    double llr =
        Math.max(
            Evidence.overdispersed(
                b.rejectedFlows, r0, Math.max(4 * r0, r0 + 2), s.rejectDispersion),
            Evidence.overdispersed(
                b.distinctDestinationPorts, p0, Math.max(3 * p0, p0 + 3), s.portDispersion));
    s.scanCusum = ctx.warm ? (float) Evidence.cusumAfter(s.scanCusum, llr, 2 * h, h) : 0;
    if (ctx.warm && s.scanCusum > h && llr > 0) {
      out.add(
          new Signal(
              FindingType.PORT_SCAN,
              "network-scan-cusum",
              Evidence.score(s.scanCusum, h),
              b.distinctDestinationPorts,
              p0,
              "distinct ports",
              0,
              null,
              0,
              String.format(
                  "%d distinct ports and %d rejected flows in %s vs. ~%.1f ports and %.2f rejects"
                      + " usual (evidence %.1f > %.1f, negative-binomial CUSUM)",
                  b.distinctDestinationPorts,
                  b.rejectedFlows,
                  ctx.window,
                  p0,
                  r0,
                  s.scanCusum,
                  h)));
    } else if (s.scanCusum < h / 3) {
      s.rejectDispersion = Evidence.dispersion(s.rejectDispersion, b.rejectedFlows, r0, 0);
      s.portDispersion = Evidence.dispersion(s.portDispersion, b.distinctDestinationPorts, p0, 0);
      s.rejectRate.update(
          b.bucketStart, b.rejectedFlows, ctx.cfg.alphaRecent, ctx.cfg.slotWarmupBuckets);
      s.portsPerBucket.update(b.distinctDestinationPorts, 1, decay);
    }
  }

  /**
   * Rejected flows expected in this bucket: the seasonal (hour-of-day) expectation with one
   * standard error of caution, plus a prior of 0.2 rejects in 20 buckets that fades as history
   * grows (so a function that never had a reject is not expected to have exactly none).
   */
  static double expectedRejects(long bucketStart, FunctionBaseline s, BucketContext ctx) {
    double seasonal =
        s.rejectRate.n == 0
            ? 0
            : s.rejectRate.cautious(bucketStart, ctx.cfg.slotWarmupBuckets, ctx.cfg.alphaRecent);
    return seasonal + REJECT_PRIOR_EVENTS / (REJECT_PRIOR_BUCKETS + Math.min(s.rejectRate.n, 200));
  }

  static String bytes(long b) {
    if (b >= 1_000_000_000L) return String.format("%.1f GB", b / 1e9);
    if (b >= 1_000_000L) return String.format("%.1f MB", b / 1e6);
    if (b >= 1_000L) return String.format("%.1f kB", b / 1e3);
    return b + " B";
  }
}
