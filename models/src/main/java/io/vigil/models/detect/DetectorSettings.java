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

  public long minInvocationsForSpike = 30;

  /** Consecutive growth buckets that make a volume anomaly a runaway (recursive loop). */
  public int loopGrowthBuckets = 3;

  public double loopGrowthFactor = 1.15;

  public long minErrors = 5;
  public double errorRateMargin = 0.15;
  public long minTimeouts = 3;
  public double timeoutRateMargin = 0.10;

  /** Duration regression: p50 above baseline by this ratio for {@link #regressionBuckets}. */
  public double durationRatio = 1.8;

  public int regressionBuckets = 2;
  public long minInvocationsForDuration = 10;

  /** Right-sizing: buckets of evidence and the configured/recommended ratio that triggers it. */
  public int rightsizeWindowBuckets = 120;

  public long rightsizeMinInvocations = 500;
  public double rightsizeMinRatio = 2.0;
  public double rightsizeHeadroom = 1.3;

  public double egressRatio = 5.0;
  public long minEgressBytes = 1_000_000;
  public long portScanDistinctPorts = 20;
  public long portScanRejects = 20;

  /** Normal buckets in a row that resolve an open incident. */
  public int resolveAfterBuckets = 5;

  /** While an incident stays open, re-emit an UPDATE at most every this many buckets. */
  public int updateEveryBuckets = 10;

  public DetectorSettings() {}
}
