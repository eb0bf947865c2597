package io.vigil.models.detect;

/**
 * Everything the detectors remember about one function between buckets (~1 KB). A Flink POJO: kept
 * in keyed state as is.
 */
public class FunctionBaseline {
  public SeasonalEwma invocations = new SeasonalEwma();
  public Ewma costPerInvocation = new Ewma();
  public Ewma errorRate = new Ewma();
  public Ewma timeoutRate = new Ewma();

  /** Baseline of ln(p50 duration): durations are log-normal-ish, shifts are ratios. */
  public Ewma logDurationP50 = new Ewma();

  public Ewma egressBytes = new Ewma();
  public Ewma rejectedFlows = new Ewma();
  public Ewma distinctPorts = new Ewma();

  /** Buckets seen. */
  public long buckets;

  /** Invocation counts of the last {@link #HISTORY} buckets (a ring indexed by bucket count). */
  public long[] recentInvocations = new long[HISTORY];

  public static final int HISTORY = 8;

  /** Buckets in a row with cost per invocation above the spike ratio. */
  public int costStreak;

  /** One-sided CUSUM of ln(p50 / baseline): accumulates sustained slowdowns. */
  public double durationCusum;

  /** Right-sizing window: peak memory p99 (MB), invocations, GB-seconds and cost in the window. */
  public long rightsizeWindowStart;

  public int rightsizeBuckets;
  public double memoryPeakMb;
  public long rightsizeInvocations;
  public double rightsizeGbSeconds;
  public double rightsizeCostUsd;

  public FunctionBaseline() {}
}
