package io.vigil.models.settings;

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

  /**
   * Strictness: every family's evidence threshold is {@code evidenceThreshold x zThreshold / 6}
   * (the sensitivity presets low/high set 8 / 4.5), and human false positives raise it by 1.5x.
   */
  public double zThreshold = 6.0;

  /**
   * Evidence (log-likelihood ratio) a CUSUM must accumulate before it alarms: h. Its in-control run
   * length is at least e^h buckets, so each test's false-alarm probability per function-bucket is
   * at most e^-h (~8e-7 at 14); with ~9 tests a function, <= 1 per 1,000 function-hours.
   */
  public double evidenceThreshold = 14.0;

  /** Volume: the design alternative of the negative-binomial CUSUM, x the seasonal expectation. */
  public double volumeRatio = 2.0;

  /**
   * Recursive loop: recent counts double within this many buckets (weighted slopes of both 4-bucket
   * halves, z > 2).
   */
  public double loopDoublingBuckets = 6;

  /** Reliability: design alternatives max(4 p0, p0 + lift) for error and timeout rates. */
  public double errorRateLift = 0.02;

  public double timeoutRateLift = 0.01;

  /** Per-bucket decay of the rate and log baselines (memory ~1/(1-decay) buckets). */
  public double rateDecay = 0.995;

  /** Design shifts (ratios) of the sample-weighted log tests. */
  public double durationShift = 1.5;

  public double costShift = 1.5;
  public double egressShift = 3.0;

  /**
   * Ignored since issue 10 (the presets' zThreshold now scales every family's evidence); kept so
   * existing policies and presets still load.
   */
  public double spikeRatio = 3.0;

  /** Ignored since issue 10 (no bare per-bucket floors); kept so existing policies still load. */
  public long minInvocationsForSpike = 20;

  /** Ignored since issue 10 (see {@link #zThreshold}); kept so presets still load. */
  public double durationCusumThreshold = 1.2;

  /**
   * Right-sizing: buckets of elapsed time and invocations of evidence (the next invocation exceeds
   * the peak of n with probability ~1/(n+1), and the advice keeps the headroom above that peak),
   * and the configured/recommended ratio (a saving of at least 20%) that triggers it.
   */
  public int rightsizeWindowBuckets = 120;

  public long rightsizeMinInvocations = 100;
  public double rightsizeMinRatio = 1.25;
  public double rightsizeHeadroom = 1.3;

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

  /**
   * Series the novelty detector watches per function: 1 = invocations, 2 = invocations and median
   * duration (the default; each series ~175 B of keyed state per function, within the 2 KB budget).
   * A policy's {@code thresholds} can set 1 to drop the duration series' state.
   */
  public int noveltySeries = 2;

  public DetectorSettings() {}
}
