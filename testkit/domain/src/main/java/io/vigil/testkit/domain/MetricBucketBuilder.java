package io.vigil.testkit.domain;

import io.vigil.models.finding.MetricBucket;
import java.util.function.Consumer;

/**
 * A {@link MetricBucket} for tests, as the profile would emit it: the identity fields (account,
 * region, name) follow from the function key, the end and the id from the start. Everything else is
 * zero unless set. Start from {@link #bucket(String, long)}; one builder makes one bucket.
 */
public final class MetricBucketBuilder {
  /** The profile's bucket length: one minute. */
  public static final long MINUTE = 60_000;

  private final MetricBucket b = new MetricBucket();

  private MetricBucketBuilder(String functionKey, long bucketStart) {
    String[] parts = functionKey.split("/", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("function key is account/region/name: " + functionKey);
    }
    b.functionKey = functionKey;
    b.accountId = parts[0];
    b.region = parts[1];
    b.functionName = parts[2];
    b.bucketStart = bucketStart;
    b.bucketEnd = bucketStart + MINUTE;
    b.id = MetricBucket.idFor(functionKey, bucketStart);
  }

  /** The one-minute bucket of {@code functionKey} ({@code account/region/name}) from the start. */
  public static MetricBucketBuilder bucket(String functionKey, long bucketStart) {
    return new MetricBucketBuilder(functionKey, bucketStart);
  }

  public MetricBucketBuilder invocations(long invocations) {
    b.invocations = invocations;
    return this;
  }

  public MetricBucketBuilder errors(long errors) {
    b.errors = errors;
    return this;
  }

  public MetricBucketBuilder timeouts(long timeouts) {
    b.timeouts = timeouts;
    return this;
  }

  public MetricBucketBuilder durationP50Ms(double ms) {
    b.durationP50Ms = ms;
    return this;
  }

  public MetricBucketBuilder durationP95Ms(double ms) {
    b.durationP95Ms = ms;
    return this;
  }

  public MetricBucketBuilder durationMaxMs(double ms) {
    b.durationMaxMs = ms;
    return this;
  }

  /** Configured memory and the highest used in the bucket (MB). */
  public MetricBucketBuilder memoryMb(int sizeMb, int maxUsedMb) {
    b.memorySizeMb = sizeMb;
    b.maxMemoryUsedMb = maxUsedMb;
    return this;
  }

  public MetricBucketBuilder costUsd(double estimatedCostUsd) {
    b.estimatedCostUsd = estimatedCostUsd;
    return this;
  }

  public MetricBucketBuilder egressBytes(long bytes) {
    b.egressBytes = bytes;
    return this;
  }

  /** The largest destination by egress; bytes and port may be 0 (unknown). */
  public MetricBucketBuilder topDestination(String address, long bytes, int port) {
    b.topDestination = address;
    b.topDestinationBytes = bytes;
    b.topDestinationPort = port;
    return this;
  }

  /** Any other field, for the rare test that needs one. */
  public MetricBucketBuilder with(Consumer<MetricBucket> change) {
    change.accept(b);
    return this;
  }

  public MetricBucket build() {
    return b;
  }
}
