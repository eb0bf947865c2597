package io.vigil.models.finding;

import io.vigil.models.policy.FunctionTag;
import java.util.Objects;

/**
 * One event-time bucket of a function's behaviour profile, as emitted to the metrics output and fed
 * to the detectors. Quantiles come from a DDSketch, distinct counts from HyperLogLog.
 */
public class MetricBucket {
  /** Deterministic id: key + bucket start. */
  public String id;

  public String functionKey;
  public String accountId;
  public String region;
  public String functionName;

  public long bucketStart;
  public long bucketEnd;

  public long invocations;
  public long errors;
  public long timeouts;
  public long outOfMemory;
  public long throttles;
  public long coldStarts;

  public double durationP50Ms;
  public double durationP95Ms;
  public double durationP99Ms;
  public double durationMaxMs;

  /**
   * Geometric mean duration (ms) of the bucket's invocations that did not time out (the longest
   * {@code timeouts} left out), from the duration sketch to its relative accuracy: the
   * per-invocation evidence of a duration shift (a mean of n log-durations has variance sigma^2 /
   * n, a median's is ~pi/2 that). 0 when unknown (no sketch, or a bucket from before it existed).
   */
  public double durationGeoMeanMs;

  /**
   * Invocations whose application lines invoked the function itself (named its own ARN): a
   * recursive loop's signature. 0 in buckets from before it was counted.
   */
  public long selfInvocations;

  /** Configured memory (MB), the latest seen. */
  public int memorySizeMb;

  /** Highest memory used (MB) in the bucket. */
  public int maxMemoryUsedMb;

  /** p99 of memory used (MB) in the bucket. */
  public double memoryUsedP99Mb;

  public double gbSeconds;
  public double estimatedCostUsd;

  /** Cost reported by billing rows whose period starts in this bucket (late, reconciling). */
  public double billedCostUsd;

  public long flows;
  public long rejectedFlows;
  public long egressBytes;
  public long ingressBytes;
  public long packets;
  public long distinctDestinations;
  public long distinctDestinationPorts;

  /** Flows to known mining-pool ports in this bucket. */
  public long miningPortFlows;

  /** Largest destination by egress bytes, for explanations. */
  public String topDestination;

  public long topDestinationBytes;
  public int topDestinationPort;

  /** Destinations never seen for this function before this bucket. */
  public long newDestinations;

  /**
   * The function's tags from the Lambda API (set by the function lookup before detection, so policy
   * tag selectors see them); null without the lookup.
   */
  public FunctionTag[] tags;

  /** The function's configuration from the Lambda API; null without the lookup. */
  public FunctionConfig config;

  public MetricBucket() {}

  public static String idFor(String functionKey, long bucketStart) {
    return Finding.stableId("bucket", functionKey, bucketStart);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MetricBucket m)) return false;
    return Objects.equals(id, m.id)
        && bucketStart == m.bucketStart
        && bucketEnd == m.bucketEnd
        && invocations == m.invocations
        && errors == m.errors
        && timeouts == m.timeouts
        && coldStarts == m.coldStarts
        && egressBytes == m.egressBytes
        && flows == m.flows
        && Double.compare(estimatedCostUsd, m.estimatedCostUsd) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(functionKey, bucketStart);
  }

  @Override
  public String toString() {
    return "MetricBucket{"
        + functionKey
        + " @"
        + bucketStart
        + " inv="
        + invocations
        + " err="
        + errors
        + " to="
        + timeouts
        + "}";
  }
}
