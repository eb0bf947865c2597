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
  public Ewma durationP50 = new Ewma();
  public Ewma egressBytes = new Ewma();
  public Ewma rejectedFlows = new Ewma();
  public Ewma distinctPorts = new Ewma();

  /** Buckets seen. */
  public long buckets;

  /** Invocation count of the previous bucket and how many buckets in a row it grew. */
  public long previousInvocations;

  public int growthStreak;

  /** Buckets in a row with duration above the regression ratio. */
  public int slowStreak;

  /** Right-sizing window: peak memory p99 (MB), invocations, GB-seconds and cost in the window. */
  public long rightsizeWindowStart;

  public int rightsizeBuckets;
  public double memoryPeakMb;
  public long rightsizeInvocations;
  public double rightsizeGbSeconds;
  public double rightsizeCostUsd;

  public FunctionBaseline() {}
}
