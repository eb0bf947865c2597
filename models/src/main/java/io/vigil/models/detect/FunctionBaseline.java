package io.vigil.models.detect;

import io.vigil.models.detect.series.SeriesNovelty;

/**
 * Everything the detector families remember about one function between buckets (~750 bytes
 * serialised, plus ~350 of {@link #seriesNovelty} with both series; {@code StateSizeTest} measures
 * it with the rest of the keyed state). A Flink POJO kept in keyed state {@code baseline}; fields
 * were renamed in issue 10, and Flink's POJO schema evolution drops the old ones on restore (their
 * baselines are relearnt within the warm-up). Later fields are only added (schema evolution fills
 * them from the no-arg constructor on restore: {@code BaselineStateEvolutionTest}).
 */
public class FunctionBaseline {
  /** Buckets seen (buckets with no invocations the profile did not emit are counted too). */
  public long buckets;

  /** Start of the newest bucket seen (0 = none yet): the gap before the next one held nothing. */
  public long lastBucketStart;

  // ---- volume: seasonal expectation, over-dispersion, Poisson CUSUM, recent counts for growth
  public SeasonalRate invocationRate = new SeasonalRate();

  /** Negative-binomial over-dispersion phi (variance = mu + phi mu^2), learnt from residuals. */
  public float dispersion = 0.02f;

  public float volumeCusum;

  /** A recursive loop was recognised in the current volume anomaly (sticky until it ends). */
  public boolean loopSeen;

  /**
   * Invocation counts of the last {@link #HISTORY} buckets (a ring indexed by bucket count): the
   * volume family learns a count when it is {@link #LEARN_LAG} buckets old; the reliability family
   * reads the count of the buckets its timed-out invocations started in (Lambda's longest timeout,
   * 15 minutes, is 15 one-minute buckets). Ints, saturating: the state budget. (Replaced the {@code
   * long[] recentInvocations} of older savepoints, which restore with an empty ring.)
   */
  public int[] recentCounts = new int[HISTORY];

  public static final int HISTORY = 16;

  /** Age at which a count leaves the volume family's look-back and is learnt. */
  public static final int LEARN_LAG = 8;

  /** Value of {@link #buckets} when the volume CUSUM last rose from 0 (the anomaly's onset). */
  public long volumeOnset;

  /**
   * Decayed counts of self-invocations (invocations that invoked the function itself) and of all
   * invocations, learnt outside volume anomalies: the function's own share, against which an
   * anomaly's self-invocations are the loop's signature (8 bytes).
   */
  public float selfEvents, selfTrials;

  // ---- reliability: failure and timeout rates with priors, binomial CUSUMs
  public DecayedRate errorRate = new DecayedRate();
  public DecayedRate timeoutRate = new DecayedRate();
  public float errorCusum;
  public float timeoutCusum;

  /**
   * The function's timeout in ms (0 = unknown): from the Lambda API configuration when the bucket
   * carries it, else the duration of the latest timed-out invocation (it ran exactly that long).
   */
  public int timeoutMs;

  /** CUSUMs of the larger design alternatives (x4 and x16 the first one's lift). */
  public float[] errorLadder = new float[2];

  public float[] timeoutLadder = new float[2];

  // ---- latency and cost: sample-weighted log baselines, Gaussian CUSUMs
  public LogShift logDuration = new LogShift();
  public float durationCusum;

  /** CUSUMs of the latency test's smaller and larger design shifts (the first is durationCusum). */
  public float[] durationLadder = new float[2];

  public LogShift logCostPerInvocation = new LogShift();
  public float costCusum;

  /** CUSUMs of the cost test's smaller and larger design shifts (the first is costCusum). */
  public float[] costLadder = new float[2];

  // ---- network: egress per invocation, rejected flows and ports, mining-port flows
  public LogShift logEgressPerInvocation = new LogShift();
  public float egressCusum;

  /** CUSUMs of the egress test's smaller and larger design shifts (the first is egressCusum). */
  public float[] egressLadder = new float[2];

  /** Share of flow-logged buckets with any egress (with a prior), and its Bernoulli CUSUM. */
  public DecayedRate egressBuckets = new DecayedRate();

  public float egressOnsetCusum;

  /**
   * Rejected flows per bucket: the hour-of-day expectation (rejects swing with the daily traffic).
   * Replaces the non-seasonal {@code rejectsPerBucket} of earlier savepoints (dropped on restore).
   */
  public SeasonalRate rejectRate = new SeasonalRate();

  /** Distinct destination ports per bucket (with a prior). */
  public DecayedRate portsPerBucket = new DecayedRate();

  /** Over-dispersion (variance mu + phi mu^2) of rejected flows and distinct ports per bucket. */
  public float rejectDispersion;

  public float portDispersion;

  public float scanCusum;
  public DecayedRate miningFlowsPerBucket = new DecayedRate();
  public float miningCusum;

  // ---- right-sizing: one living recommendation per configuration
  /** Configured memory the evidence is about; a change withdraws the recommendation. */
  public int rightsizeMemoryMb;

  public int rightsizeBuckets;

  /** Start of the first bucket of the evidence window at this configuration. */
  public long rightsizeSince;

  public long rightsizeInvocations;
  public float memoryPeakMb;
  public double rightsizeGbSeconds;

  /** Recommended memory currently advised (0 = none). */
  public int recommendedMemoryMb;

  // ---- timeout right-sizing: one living recommendation per configured timeout
  /** Configured timeout (ms) the evidence is about; a change withdraws the recommendation. */
  public int timeoutAdviceForMs;

  /** Start of the evidence window at this timeout. */
  public long timeoutSince;

  /** Invocations that ended normally at this timeout, and timed-out ones. */
  public long timeoutWindowInvocations;

  public long timeoutWindowTimeouts;

  /** Longest duration of an invocation that ended normally at this timeout (ms). */
  public float durationPeakMs;

  /** Timeout currently advised, in seconds (0 = none). */
  public int recommendedTimeoutS;

  /** Series novelty of invocations and duration (issue 13; {@code SeriesNoveltyFamily}). */
  public SeriesNovelty seriesNovelty = SeriesNovelty.create();

  /**
   * How this function's egress bytes scale with its invocations per bucket (issue 10; form 3 of the
   * state; earlier states restore with none learnt, i.e. bytes proportional to invocations).
   */
  public LogElasticity egressElasticity = new LogElasticity();

  /**
   * Heap a trained baseline takes, rounded up (for the detection cache's automatic bound; measured
   * by {@code FunctionBaselineFootprintTest}).
   */
  public static final long HEAP_BYTES_ESTIMATE = 2 * 1024;

  public FunctionBaseline() {}
}
