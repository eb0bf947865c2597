package io.vigil.models.detect;

import java.io.Serializable;

/**
 * Detector thresholds. Defaults are tuned on the simulated fleet; policies (YAML) override them per
 * function selector. All rates are per bucket.
 */
public class DetectorSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Buckets of history before any detector speaks. */
  public int warmupBuckets = 30;

  /** Buckets a seasonal slot needs before it is trusted. */
  public int slotWarmupBuckets = 45;

  public double alphaRecent = 0.1;

  /** Robust z-score above which a rate counts as anomalous. */
  public double zThreshold = 6.0;

  /** Minimum ratio observed/expected for volume anomalies (invocations, cost, egress). */
  public double spikeRatio = 3.0;

  public long minInvocationsForSpike = 20;

  /**
   * Runaway (recursive loop): invocations summed over consecutive 2-bucket windows grew by this
   * factor window over window, three times in a row. A step spike grows in one window only.
   */
  public double loopGrowthFactor = 1.3;

  /** Cost spike: buckets in a row (one 15-minute timeout must not page anyone). */
  public int costSpikeBuckets = 2;

  /** Cost spike: least extra spend worth a finding, USD per hour. */
  public double minCostImpactUsdPerHour = 0.005;

  public long minErrors = 5;
  public double errorRateMargin = 0.15;
  public long minTimeouts = 3;
  public double timeoutRateMargin = 0.10;

  /**
   * Duration regression (CUSUM on ln p50): slack per bucket is ln(durationSlack) plus the noise
   * level; an alarm needs the sum above {@code durationCusumThreshold} (about two buckets at 3x,
   * four at 2x; one slow bucket never).
   */
  public double durationSlack = 1.25;

  public double durationCusumThreshold = 1.2;
  public long minInvocationsForDuration = 5;

  /** Right-sizing: buckets of evidence and the configured/recommended ratio that triggers it. */
  public int rightsizeWindowBuckets = 120;

  public long rightsizeMinInvocations = 500;
  public double rightsizeMinRatio = 2.0;
  public double rightsizeHeadroom = 1.3;

  public double egressRatio = 5.0;
  public long minEgressBytes = 1_000_000;
  public long portScanDistinctPorts = 20;
  public long portScanRejects = 20;

  /**
   * Budget burn: smoothing of the per-bucket burn rate (slow: ~1/alpha buckets of memory) and
   * buckets of the month seen before a projection is trusted.
   */
  public double budgetAlpha = 0.02;

  public int budgetWarmupBuckets = 30;

  /** Normal buckets in a row that resolve an open incident. */
  public int resolveAfterBuckets = 5;

  /** While an incident stays open, re-emit an UPDATE at most every this many buckets. */
  public int updateEveryBuckets = 10;

  public DetectorSettings() {}
}
