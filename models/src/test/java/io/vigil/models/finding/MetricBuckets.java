package io.vigil.models.finding;

/**
 * The one-minute {@link MetricBucket} of a function, as the profile emits it, for the models tests:
 * identity fields from the function key, end and id from the start, everything else zero. The other
 * modules' tests use {@code testkit/domain}'s {@code MetricBucketBuilder}, which models cannot
 * depend on (testkit/domain depends on models); this is its core, once, for this module.
 */
public final class MetricBuckets {
  public static final long MINUTE = 60_000;

  private MetricBuckets() {}

  /** The bucket of {@code functionKey} ({@code account/region/name}) from {@code bucketStart}. */
  public static MetricBucket bucket(String functionKey, long bucketStart) {
    String[] parts = functionKey.split("/", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("function key is account/region/name: " + functionKey);
    }
    MetricBucket b = new MetricBucket();
    b.functionKey = functionKey;
    b.accountId = parts[0];
    b.region = parts[1];
    b.functionName = parts[2];
    b.bucketStart = bucketStart;
    b.bucketEnd = bucketStart + MINUTE;
    b.id = MetricBucket.idFor(functionKey, bucketStart);
    return b;
  }
}
