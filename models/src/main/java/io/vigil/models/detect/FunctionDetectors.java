package io.vigil.models.detect;

import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-function detectors over closed metric buckets. Each check compares the bucket with the
 * function's baseline and returns a {@link Signal} with evidence; the baseline then learns from the
 * bucket unless the bucket was anomalous for that metric (so a long incident is not absorbed).
 */
public final class FunctionDetectors {
  private final DetectorSettings cfg;
  private final PriceTable prices;

  public FunctionDetectors(DetectorSettings cfg, PriceTable prices) {
    this.cfg = cfg;
    this.prices = prices;
  }

  public List<Signal> evaluate(MetricBucket b, FunctionBaseline s) {
    List<Signal> out = new ArrayList<>(2);
    boolean warm = s.buckets >= cfg.warmupBuckets;
    double minutes = Math.max((b.bucketEnd - b.bucketStart) / 60_000.0, 1e-9);
    String window = windowText(minutes);

    // Volume: invocation spike vs. runaway growth (recursive loop).
    double expInv = s.invocations.expected(b.bucketStart, cfg.slotWarmupBuckets);
    double devInv = s.invocations.deviation(b.bucketStart, cfg.slotWarmupBuckets);
    double zInv =
        (b.invocations - expInv) / Math.max(devInv * 1.25, Math.max(2.0, Math.sqrt(expInv)));
    boolean volumeAnomaly =
        warm
            && b.invocations >= cfg.minInvocationsForSpike
            && zInv > cfg.zThreshold
            && b.invocations > cfg.spikeRatio * Math.max(expInv, 1.0);
    double costPerInv = b.invocations > 0 ? b.estimatedCostUsd / b.invocations : 0;
    double expCostPerInv = s.costPerInvocation.level;
    boolean loop = warm && b.invocations >= cfg.minInvocationsForSpike && runaway(b.invocations, s);
    volumeAnomaly |= loop;
    if (volumeAnomaly) {
      double extraPerHour =
          (b.invocations - expInv) * Math.max(costPerInv, expCostPerInv) * 60 / minutes;
      FindingType type = loop ? FindingType.RECURSIVE_LOOP : FindingType.INVOCATION_SPIKE;
      String why =
          loop
              ? String.format(
                  "invocations kept growing for %d buckets to %d per %s, %.1fx the expected %.0f:"
                      + " a self-feeding loop burns money until throttled; ~$%.2f/hour above baseline",
                  FunctionBaseline.HISTORY,
                  b.invocations,
                  window,
                  ratio(b.invocations, expInv),
                  expInv,
                  extraPerHour)
              : String.format(
                  "%d invocations per %s vs. %.0f expected for this hour (%.1fx, z=%.1f);"
                      + " ~$%.2f/hour above baseline",
                  b.invocations, window, expInv, ratio(b.invocations, expInv), zInv, extraPerHour);
      out.add(
          new Signal(
              type,
              loop ? "runaway-growth" : "seasonal-baseline",
              loop ? Math.max(0.8, squash(zInv, cfg.zThreshold)) : squash(zInv, cfg.zThreshold),
              b.invocations,
              expInv,
              "invocations/" + window,
              extraPerHour,
              null,
              0,
              why));
    }

    // Cost per invocation: the same traffic got expensive (longer, bigger invocations), for more
    // than one bucket and by a sum worth reporting.
    boolean costAnomaly = false;
    if (warm && b.invocations >= cfg.minInvocationsForDuration && expCostPerInv > 0) {
      double r = costPerInv / expCostPerInv;
      double z = s.costPerInvocation.z(costPerInv, expCostPerInv * 0.05);
      double perHour = b.estimatedCostUsd * 60 / minutes;
      double expPerHour = expCostPerInv * b.invocations * 60 / minutes;
      costAnomaly =
          r > cfg.spikeRatio * 0.8
              && z > cfg.zThreshold
              && perHour - expPerHour >= cfg.minCostImpactUsdPerHour;
      if (costAnomaly && s.costStreak + 1 >= cfg.costSpikeBuckets) {
        out.add(
            new Signal(
                FindingType.COST_SPIKE,
                "cost-baseline",
                squash(z, cfg.zThreshold),
                perHour,
                expPerHour,
                "USD/hour",
                perHour - expPerHour,
                null,
                0,
                String.format(
                    "cost per invocation $%.7f vs. $%.7f expected (%.1fx) for %d buckets:"
                        + " $%.2f/hour at this rate, ~$%.2f/hour above baseline",
                    costPerInv,
                    expCostPerInv,
                    r,
                    s.costStreak + 1,
                    perHour,
                    perHour - expPerHour)));
      }
    }
    s.costStreak = costAnomaly ? s.costStreak + 1 : 0;

    // Reliability: error and timeout storms, as rates over invocations.
    boolean errorAnomaly = false;
    boolean timeoutAnomaly = false;
    if (b.invocations > 0) {
      double er = (double) b.errors / b.invocations;
      double expEr = s.errorRate.n > 0 ? s.errorRate.level : 0;
      if (warm
          && b.errors >= cfg.minErrors
          && er > Math.max(expEr + cfg.errorRateMargin, 3 * expEr)) {
        errorAnomaly = true;
        out.add(
            new Signal(
                FindingType.ERROR_STORM,
                "rate-baseline",
                clamp01(0.5 + (er - expEr)),
                er * 100,
                expEr * 100,
                "% errors",
                0,
                null,
                0,
                String.format(
                    "%d of %d invocations failed (%.0f%%) over %s vs. %.1f%% usual%s",
                    b.errors,
                    b.invocations,
                    er * 100,
                    window,
                    expEr * 100,
                    b.outOfMemory > 0 ? "; " + b.outOfMemory + " ran out of memory" : "")));
      }
      double tr = (double) b.timeouts / b.invocations;
      double expTr = s.timeoutRate.n > 0 ? s.timeoutRate.level : 0;
      if (warm
          && b.timeouts >= cfg.minTimeouts
          && tr > Math.max(expTr + cfg.timeoutRateMargin, 3 * expTr)) {
        timeoutAnomaly = true;
        out.add(
            new Signal(
                FindingType.TIMEOUT_STORM,
                "rate-baseline",
                clamp01(0.5 + (tr - expTr)),
                tr * 100,
                expTr * 100,
                "% timeouts",
                b.timeouts
                    * b.durationMaxMs
                    / 1000.0
                    * b.memorySizeMb
                    / 1024.0
                    * prices.rate(b.region, null).gbSecond()
                    * 60
                    / minutes,
                null,
                0,
                String.format(
                    "%d of %d invocations timed out (%.0f%%) over %s vs. %.1f%% usual;"
                        + " each one bills the full timeout",
                    b.timeouts, b.invocations, tr * 100, window, expTr * 100)));
      }
    }

    // Duration regression: a CUSUM of ln(p50 / baseline) catches a sustained shift after a few
    // buckets and ignores a single slow one; the baseline does not learn while the sum is open.
    boolean slow = false;
    double cusum = s.durationCusum;
    if (b.invocations >= cfg.minInvocationsForDuration && b.durationP50Ms > 0 && !timeoutAnomaly) {
      double x = Math.log(b.durationP50Ms);
      if (s.logDurationP50.n >= cfg.warmupBuckets / 2) {
        double residual = x - s.logDurationP50.level;
        double slack = Math.log(cfg.durationSlack) + s.logDurationP50.dev;
        cusum = Math.min(3 * cfg.durationCusumThreshold, Math.max(0, cusum + residual - slack));
      }
      slow = cusum > 0;
    }
    if (warm && cusum > cfg.durationCusumThreshold) {
      double exp = Math.exp(s.logDurationP50.level);
      out.add(
          new Signal(
              FindingType.DURATION_REGRESSION,
              "duration-cusum",
              clamp01(cusum / (cusum + cfg.durationCusumThreshold)),
              b.durationP50Ms,
              exp,
              "ms p50",
              b.estimatedCostUsd * (1 - exp / b.durationP50Ms) * 60 / minutes,
              null,
              0,
              String.format(
                  "median duration %.0f ms vs. %.0f ms usual (%.1fx), sustained (CUSUM %.2f > %.2f);"
                      + " p95 %.0f ms",
                  b.durationP50Ms,
                  exp,
                  b.durationP50Ms / exp,
                  cusum,
                  cfg.durationCusumThreshold,
                  b.durationP95Ms)));
    }
    s.durationCusum = cusum;

    // Network: mining pools, exfiltration, port scans.
    if (b.miningPortFlows > 0) {
      out.add(
          new Signal(
              FindingType.CRYPTO_MINING,
              "mining-ports",
              0.95,
              b.miningPortFlows,
              0,
              "flows",
              0,
              b.topDestination,
              b.topDestinationPort,
              String.format(
                  "%d flows to known mining-pool ports (top: %s:%d, %d bytes) in %s;"
                      + " Lambda functions have no business on Stratum ports",
                  b.miningPortFlows,
                  b.topDestination,
                  b.topDestinationPort,
                  b.topDestinationBytes,
                  window)));
    }
    boolean egressAnomaly = false;
    if (warm && b.egressBytes >= cfg.minEgressBytes && s.egressBytes.n > 0) {
      double exp = s.egressBytes.level;
      double z = s.egressBytes.z(b.egressBytes, Math.max(exp * 0.1, 10_000));
      if (b.egressBytes > cfg.egressRatio * Math.max(exp, 1) && z > cfg.zThreshold) {
        egressAnomaly = true;
        out.add(
            new Signal(
                FindingType.EGRESS_EXFILTRATION,
                "egress-baseline",
                clamp01(squash(z, cfg.zThreshold) + (b.newDestinations > 0 ? 0.1 : 0)),
                b.egressBytes,
                exp,
                "bytes/" + window,
                b.egressBytes / 1e9 * 0.09 * 60 / minutes,
                b.topDestination,
                b.topDestinationPort,
                String.format(
                    "%s egress in %s vs. %s usual (%.0fx); top destination %s:%d%s",
                    bytes(b.egressBytes),
                    window,
                    bytes((long) exp),
                    b.egressBytes / Math.max(exp, 1),
                    b.topDestination,
                    b.topDestinationPort,
                    b.newDestinations > 0
                        ? " (" + b.newDestinations + " never seen before)"
                        : "")));
      }
    }
    boolean scan = false;
    if (b.distinctDestinationPorts >= cfg.portScanDistinctPorts
        || b.rejectedFlows >= cfg.portScanRejects) {
      double expPorts = s.distinctPorts.level;
      double z = s.distinctPorts.z(b.distinctDestinationPorts, 2);
      if (!warm || z > cfg.zThreshold || b.rejectedFlows > 5 * Math.max(s.rejectedFlows.level, 1)) {
        scan = true;
        out.add(
            new Signal(
                FindingType.PORT_SCAN,
                "port-scan",
                clamp01(0.6 + b.distinctDestinationPorts / 200.0),
                b.distinctDestinationPorts,
                expPorts,
                "distinct ports",
                0,
                null,
                0,
                String.format(
                    "%d distinct ports and %d rejected flows in %s vs. ~%.0f ports usual",
                    b.distinctDestinationPorts, b.rejectedFlows, window, expPorts)));
      }
    }

    // Right-sizing over a long window: configured memory far above what the function uses.
    Signal rightsize = rightsize(b, s);
    if (rightsize != null) out.add(rightsize);

    learn(
        b,
        s,
        volumeAnomaly,
        costAnomaly,
        errorAnomaly,
        timeoutAnomaly,
        slow,
        egressAnomaly,
        scan,
        costPerInv);
    s.recentInvocations[(int) (s.buckets % FunctionBaseline.HISTORY)] = b.invocations;
    s.buckets++;
    return out;
  }

  private Signal rightsize(MetricBucket b, FunctionBaseline s) {
    if (b.invocations == 0 || b.memorySizeMb <= 0) return null;
    s.rightsizeBuckets++;
    s.memoryPeakMb = Math.max(s.memoryPeakMb, Math.max(b.memoryUsedP99Mb, b.maxMemoryUsedMb));
    s.rightsizeInvocations += b.invocations;
    s.rightsizeGbSeconds += b.gbSeconds;
    s.rightsizeCostUsd += b.estimatedCostUsd;
    if (s.rightsizeBuckets < cfg.rightsizeWindowBuckets
        || s.rightsizeInvocations < cfg.rightsizeMinInvocations) {
      return null;
    }
    int recommended = recommendedMemory(s.memoryPeakMb);
    double ratio = (double) b.memorySizeMb / recommended;
    Signal signal = null;
    if (ratio >= cfg.rightsizeMinRatio) {
      double windowHours = s.rightsizeBuckets * (b.bucketEnd - b.bucketStart) / 3_600_000.0;
      double durationCost = s.rightsizeGbSeconds * prices.rate(b.region, null).gbSecond();
      double monthlySaving = durationCost * (1 - 1 / ratio) / windowHours * 730;
      signal =
          new Signal(
              FindingType.MEMORY_OVERPROVISIONED,
              "right-sizing",
              clamp01(0.4 + 0.1 * ratio),
              s.memoryPeakMb,
              b.memorySizeMb,
              "MB",
              monthlySaving / 730,
              null,
              0,
              String.format(
                  "configured %d MB but p99 memory used peaked at %.0f MB over %d invocations"
                      + " (%.1f h): %d MB would do, saving ~$%.2f/month",
                  b.memorySizeMb,
                  s.memoryPeakMb,
                  s.rightsizeInvocations,
                  windowHours,
                  recommended,
                  monthlySaving));
    }
    // Slide: start a fresh window so the evidence stays recent.
    s.rightsizeBuckets = 0;
    s.memoryPeakMb = 0;
    s.rightsizeInvocations = 0;
    s.rightsizeGbSeconds = 0;
    s.rightsizeCostUsd = 0;
    return signal;
  }

  /**
   * Exponential growth: the last 8 buckets (this one included) in four 2-bucket windows, each
   * window at least {@code loopGrowthFactor} times the one before.
   */
  private boolean runaway(long current, FunctionBaseline s) {
    if (s.buckets < FunctionBaseline.HISTORY) return false;
    long[] w = new long[4];
    for (int age = 0; age < FunctionBaseline.HISTORY; age++) {
      long v =
          age == 0
              ? current
              : s.recentInvocations[(int) ((s.buckets - age) % FunctionBaseline.HISTORY)];
      w[age / 2] += v;
    }
    return w[0] >= 3 * Math.max(w[3], 1)
        && w[0] >= cfg.loopGrowthFactor * Math.max(w[1], 1)
        && w[1] >= cfg.loopGrowthFactor * Math.max(w[2], 1)
        && w[2] >= cfg.loopGrowthFactor * Math.max(w[3], 1);
  }

  /** Peak x headroom, rounded up to 64 MB, at least 128 MB (Lambda's minimum). */
  public int recommendedMemory(double peakMb) {
    int mb = (int) Math.ceil(peakMb * cfg.rightsizeHeadroom / 64.0) * 64;
    return Math.max(128, mb);
  }

  private void learn(
      MetricBucket b,
      FunctionBaseline s,
      boolean volume,
      boolean cost,
      boolean errors,
      boolean timeouts,
      boolean slow,
      boolean egress,
      boolean scan,
      double costPerInv) {
    double a = cfg.alphaRecent;
    if (!volume) s.invocations.update(b.bucketStart, b.invocations, a, cfg.slotWarmupBuckets);
    if (b.invocations > 0) {
      if (!cost) s.costPerInvocation.update(costPerInv, a);
      if (!errors) s.errorRate.update((double) b.errors / b.invocations, a);
      if (!timeouts) s.timeoutRate.update((double) b.timeouts / b.invocations, a);
      if (!slow
          && !timeouts
          && b.invocations >= cfg.minInvocationsForDuration
          && b.durationP50Ms > 0) {
        s.logDurationP50.update(Math.log(b.durationP50Ms), a);
      }
    }
    if (!egress) s.egressBytes.update(b.egressBytes, a);
    if (!scan) {
      s.rejectedFlows.update(b.rejectedFlows, a);
      s.distinctPorts.update(b.distinctDestinationPorts, a);
    }
  }

  /** Maps a z-score to (0, 1): 0.5 at the threshold, approaching 1 far above it. */
  static double squash(double z, double threshold) {
    if (Double.isNaN(z)) return 0;
    return clamp01(1 - Math.exp(-Math.max(z, 0) * Math.log(2) / threshold));
  }

  static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }

  private static double ratio(double observed, double expected) {
    return observed / Math.max(expected, 1e-9);
  }

  private static String windowText(double minutes) {
    return minutes == 1 ? "minute" : String.format("%.0f min", minutes);
  }

  static String bytes(long b) {
    if (b >= 1_000_000_000L) return String.format("%.1f GB", b / 1e9);
    if (b >= 1_000_000L) return String.format("%.1f MB", b / 1e6);
    if (b >= 1_000L) return String.format("%.1f kB", b / 1e3);
    return b + " B";
  }
}
