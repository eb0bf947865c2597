package io.vigil.models.detect.family;

import io.vigil.models.detect.Evidence;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import java.util.List;
import java.util.function.Supplier;

/**
 * Timeout right-sizing: one living recommendation per function and configured timeout. A timeout
 * far above what the function ever needs lets a hung invocation bill for minutes; one its normal
 * durations press against cuts them off as timeouts. Evidence: the longest duration of an
 * invocation that ended normally, over at least {@code rightsizeWindowBuckets} of elapsed time and
 * {@link #MIN_INVOCATIONS} such invocations at this timeout (the next invocation exceeds the
 * longest of n with probability ~1/(n+1), so the peak of 1,000 is about the p99.9). Advised
 * timeout: that peak x {@link #HEADROOM}, rounded up to a second, between 1 s and Lambda's 900 s.
 * Advised lower when configured / advised >= {@link #MIN_RATIO} (kept down to half that ratio:
 * hysteresis); advised higher when invocations timed out while the normal ones reached {@link
 * #TOO_CLOSE} of the limit. Withdrawn when the timeout changes. The timeout comes from the Lambda
 * API configuration on the bucket, else from a timed-out invocation (it ran exactly that long);
 * without either there is no advice. Not an anomaly: no false-alarm budget, counted apart. Stores
 * the window totals, the peak and the advice (~36 bytes).
 */
public final class TimeoutRightSizingFamily implements DetectorFamily {
  static final long MIN_INVOCATIONS = 1000;
  static final double HEADROOM = 3;
  static final double MIN_RATIO = 4;
  static final double TOO_CLOSE = 0.8;
  static final int MAX_TIMEOUT_S = 900;

  @Override
  public String name() {
    return "timeout-rightsizing";
  }

  @Override
  public void evaluate(MetricBucket b, FunctionBaseline s, BucketContext ctx, List<Signal> out) {
    int timeoutMs = s.timeoutMs;
    if (timeoutMs <= 0) return;
    if (timeoutMs != s.timeoutAdviceForMs) {
      // New timeout: the old advice is withdrawn, the evidence starts again.
      s.timeoutAdviceForMs = timeoutMs;
      s.timeoutSince = b.bucketStart;
      s.timeoutWindowInvocations = 0;
      s.timeoutWindowTimeouts = 0;
      s.durationPeakMs = 0;
      s.recommendedTimeoutS = 0;
    }
    if (b.invocations == 0) {
      if (s.recommendedTimeoutS > 0) out.add(signal(b, s, ctx)); // advice stands while quiet
      return;
    }
    s.timeoutWindowInvocations += b.invocations - b.timeouts;
    s.timeoutWindowTimeouts += b.timeouts;
    s.durationPeakMs = (float) Math.max(s.durationPeakMs, longestNormal(b));
    long len = Math.max(1, b.bucketEnd - b.bucketStart);
    if ((b.bucketEnd - s.timeoutSince) / len < ctx.cfg.rightsizeWindowBuckets
        || s.timeoutWindowInvocations < MIN_INVOCATIONS
        || s.durationPeakMs <= 0) {
      return;
    }
    int advised = advisedSeconds(s.durationPeakMs);
    double configuredS = timeoutMs / 1000.0;
    boolean lower =
        configuredS / advised >= (s.recommendedTimeoutS > 0 ? MIN_RATIO / 2 : MIN_RATIO);
    boolean raise =
        s.timeoutWindowTimeouts > 0
            && s.durationPeakMs >= TOO_CLOSE * timeoutMs
            && advised > configuredS;
    s.recommendedTimeoutS = lower || raise ? advised : 0;
    if (s.recommendedTimeoutS > 0) out.add(signal(b, s, ctx));
  }

  /**
   * The longest duration of an invocation that ended normally: the bucket's maximum without
   * timeouts; with a few (under 1% or 5%), the p99 or p95, which lie below the timed-out ones.
   */
  static double longestNormal(MetricBucket b) {
    if (b.timeouts == 0) return b.durationMaxMs;
    if (b.timeouts * 100 < b.invocations) return b.durationP99Ms;
    if (b.timeouts * 20 < b.invocations) return b.durationP95Ms;
    return 0;
  }

  /** Peak x headroom, rounded up to a second, within Lambda's 1-900 s. */
  static int advisedSeconds(double peakMs) {
    int s = (int) Math.ceil(peakMs * HEADROOM / 1000.0);
    return Math.max(1, Math.min(MAX_TIMEOUT_S, s));
  }

  private Signal signal(MetricBucket b, FunctionBaseline s, BucketContext ctx) {
    double configuredS = s.timeoutAdviceForMs / 1000.0;
    int advised = s.recommendedTimeoutS;
    double windowHours = Math.max((b.bucketEnd - s.timeoutSince) / 3_600_000.0, 1e-9);
    double gbSecond = ctx.prices.rate(b.region, null).gbSecond() * b.memorySizeMb / 1024.0;
    boolean lower = advised < configuredS;
    // Lowering: each hung invocation stops at the advised timeout instead of the configured one.
    double perHour =
        lower ? s.timeoutWindowTimeouts / windowHours * (configuredS - advised) * gbSecond : 0;
    long normal = s.timeoutWindowInvocations, timedOut = s.timeoutWindowTimeouts;
    float peakMs = s.durationPeakMs;
    int timeoutMs = s.timeoutAdviceForMs;
    Supplier<String> why =
        lower
            ? () ->
                String.format(
                    "timeout %.0f s but the longest of %d normal invocations took %.1f s (%.1f h"
                        + " at this timeout): %d s would do; a hung invocation bills up to %.0f s"
                        + " ($%.5f) instead of %d s; %d timed out here, ~$%.2f/month",
                    configuredS,
                    normal,
                    peakMs / 1000.0,
                    windowHours,
                    advised,
                    configuredS,
                    configuredS * gbSecond,
                    advised,
                    timedOut,
                    perHour * 730)
            : () ->
                String.format(
                    "%d of %d invocations timed out at %.0f s while normal ones took up to %.1f s"
                        + " (%.0f%% of the limit): raise the timeout to %d s",
                    timedOut,
                    normal + timedOut,
                    configuredS,
                    peakMs / 1000.0,
                    100 * peakMs / timeoutMs,
                    advised);
    double ratio = lower ? configuredS / advised : advised / configuredS;
    return new Signal(
        FindingType.TIMEOUT_MISCONFIGURED,
        "timeout-rightsizing",
        Evidence.score(ratio - 1, 1),
        advised,
        configuredS,
        "s timeout",
        perHour,
        null,
        0,
        why);
  }
}
