package io.vigil.models.detect.family;

import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.settings.DetectorSettings;

/** What every family needs besides the bucket and baseline: settings, prices, derived values. */
public final class BucketContext {
  public final DetectorSettings cfg;
  public final PriceTable prices;

  /** Enough history for any family to speak. */
  public boolean warm;

  /** Bucket length in minutes, and its text ("minute", "5 min"). */
  public double minutes;

  public String window;

  /** Bucket length in milliseconds. */
  private long bucketMs = 60_000L;

  /** Seasonal expected invocations for this bucket (set by the volume family, which runs first). */
  public double expectedInvocations;

  public BucketContext(DetectorSettings cfg, PriceTable prices) {
    this.cfg = cfg;
    this.prices = prices;
  }

  /** Evidence threshold h: ln of the in-control run length each CUSUM must keep. */
  public double threshold() {
    return cfg.evidenceThreshold * cfg.zThreshold / 6.0;
  }

  public long bucketMs() {
    return bucketMs;
  }

  public void reset(MetricBucket b, long seenBuckets) {
    warm = seenBuckets >= cfg.warmupBuckets;
    minutes = Math.max((b.bucketEnd - b.bucketStart) / 60_000.0, 1e-9);
    bucketMs = Math.max(1, b.bucketEnd - b.bucketStart);
    window = minutes == 1 ? "minute" : String.format("%.0f min", minutes);
    expectedInvocations = 0;
  }
}
