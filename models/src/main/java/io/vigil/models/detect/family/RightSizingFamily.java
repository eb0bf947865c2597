package io.vigil.models.detect.family;

import io.vigil.models.detect.Evidence;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import java.util.List;

/**
 * Right-sizing: one living recommendation per function and configured memory. Evidence: the peak
 * p99 memory used over at least {@code rightsizeWindowBuckets} buckets and {@code
 * rightsizeMinInvocations} invocations at this configuration (the chance that the next invocation
 * exceeds the peak of n is ~1/(n+1), and the advice keeps {@code rightsizeHeadroom} above it). It
 * is advised once configured / recommended >= {@code rightsizeMinRatio} and repeated every bucket
 * while it holds (the incident tracker updates the finding only when the advice changes
 * materially); it is withdrawn when the configuration changes or the peak grows to within {@code
 * rightsizeMinRatio / 1.25} (hysteresis, so it never opens and resolves in a loop). Not an anomaly:
 * no false-alarm budget, counted apart. Stores the window totals and the advice (~36 bytes).
 */
public final class RightSizingFamily implements DetectorFamily {
  @Override
  public String name() {
    return "rightsizing";
  }

  @Override
  public void evaluate(MetricBucket b, FunctionBaseline s, BucketContext ctx, List<Signal> out) {
    if (b.invocations == 0 || b.memorySizeMb <= 0) {
      if (s.recommendedMemoryMb > 0) out.add(signal(b, s, ctx)); // advice stands while quiet
      return;
    }
    var cfg = ctx.cfg;
    if (b.memorySizeMb != s.rightsizeMemoryMb) {
      // New configuration: the old advice is withdrawn, the evidence starts again.
      s.rightsizeMemoryMb = b.memorySizeMb;
      s.rightsizeSince = b.bucketStart;
      s.rightsizeBuckets = 0;
      s.rightsizeInvocations = 0;
      s.memoryPeakMb = 0;
      s.rightsizeGbSeconds = 0;
      s.recommendedMemoryMb = 0;
    }
    // The window is elapsed time at this configuration (quiet buckets count: a function invoked
    // once a minute is not judged on its busy minutes only).
    long len = Math.max(1, b.bucketEnd - b.bucketStart);
    if (s.rightsizeSince <= 0) s.rightsizeSince = b.bucketStart - (long) s.rightsizeBuckets * len;
    s.rightsizeBuckets = (int) Math.min(Integer.MAX_VALUE, (b.bucketEnd - s.rightsizeSince) / len);
    s.rightsizeInvocations += b.invocations;
    s.rightsizeGbSeconds += b.gbSeconds;
    s.memoryPeakMb =
        (float) Math.max(s.memoryPeakMb, Math.max(b.memoryUsedP99Mb, b.maxMemoryUsedMb));
    if (s.rightsizeBuckets < cfg.rightsizeWindowBuckets
        || s.rightsizeInvocations < cfg.rightsizeMinInvocations) {
      return;
    }
    int recommended = recommendedMemory(s.memoryPeakMb, cfg.rightsizeHeadroom);
    double ratio = (double) b.memorySizeMb / recommended;
    boolean holds =
        s.recommendedMemoryMb > 0
            ? ratio >= cfg.rightsizeMinRatio / 1.25
            : ratio >= cfg.rightsizeMinRatio;
    s.recommendedMemoryMb = holds ? recommended : 0;
    if (holds) out.add(signal(b, s, ctx));
  }

  private Signal signal(MetricBucket b, FunctionBaseline s, BucketContext ctx) {
    double ratio = (double) s.rightsizeMemoryMb / s.recommendedMemoryMb;
    double windowHours = s.rightsizeBuckets * ctx.minutes / 60.0;
    double durationCost = s.rightsizeGbSeconds * ctx.prices.rate(b.region, null).gbSecond();
    double monthlySaving = durationCost * (1 - 1 / ratio) / Math.max(windowHours, 1e-9) * 730;
    int configured = s.rightsizeMemoryMb, recommended = s.recommendedMemoryMb;
    float peak = s.memoryPeakMb;
    long invocations = s.rightsizeInvocations;
    return new Signal(
        FindingType.MEMORY_OVERPROVISIONED,
        "right-sizing",
        Evidence.score(ratio - 1, 1),
        recommended,
        configured,
        "MB",
        monthlySaving / 730,
        null,
        0,
        () ->
            String.format(
                "configured %d MB but p99 memory used peaked at %.0f MB over %d invocations"
                    + " (%.1f h at this configuration): %d MB would do, saving ~$%.2f/month",
                configured, peak, invocations, windowHours, recommended, monthlySaving));
  }

  /** Peak x headroom, rounded up to 64 MB, at least 128 MB (Lambda's minimum). */
  public static int recommendedMemory(double peakMb, double headroom) {
    int mb = (int) Math.ceil(peakMb * headroom / 64.0) * 64;
    return Math.max(128, mb);
  }
}
