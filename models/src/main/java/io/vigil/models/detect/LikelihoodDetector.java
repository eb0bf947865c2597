package io.vigil.models.detect;

import java.io.Serializable;
import java.util.Locale;

/**
 * Anomaly-likelihood post-processing in the spirit of Numenta's: the delegate's raw score {@code s}
 * is mapped to its odds {@code s / (1 - s)} (for the detectors' rational squash {@code z / (z + k)}
 * this recovers {@code z / k}, i.e. the raw evidence, linear again), averaged over a short ring
 * buffer and compared with the long-run distribution of the raw score (EWMA mean and variance). The
 * output is {@code z / (z + k)} of the standardised short average, so a detector whose raw scores
 * are routinely high on a noisy series does not flood alerts, and scores become comparable across
 * series. State: a ring buffer of {@code shortWindow} doubles plus a few scalars on top of the
 * delegate's.
 */
public final class LikelihoodDetector implements SeriesDetector, Serializable {

  private static final long serialVersionUID = 1L;

  private static final double MAX_ODDS = 1e6;

  private final SeriesDetector delegate;
  private final double[] ring;
  private final double longAlpha;
  private final int warmup;
  private final double k;
  private final double minStd;
  private int pos;
  private double ringSum;
  private double mean;
  private double var;
  private long n;

  /**
   * @param delegate raw detector
   * @param shortWindow points in the short moving average
   * @param longAlpha EWMA weight of the long-run mean/variance of the raw score
   * @param warmup points (after the delegate's own) that score 0
   * @param k squashing scale
   */
  public LikelihoodDetector(
      SeriesDetector delegate, int shortWindow, double longAlpha, int warmup, double k) {
    if (shortWindow < 1 || !(longAlpha > 0 && longAlpha <= 1) || warmup < 0 || !(k > 0)) {
      throw new IllegalArgumentException("invalid config");
    }
    this.delegate = delegate;
    this.ring = new double[shortWindow];
    this.longAlpha = longAlpha;
    this.warmup = warmup;
    this.k = k;
    this.minStd = 1e-3;
  }

  /** Defaults: 5-point average against a ~3300-point EWMA, 300 points warm-up. */
  public LikelihoodDetector(SeriesDetector delegate) {
    this(delegate, 5, 0.0003, 300, 3.0);
  }

  @Override
  public String name() {
    return "likelihood(" + delegate.name() + ")";
  }

  @Override
  public AnomalyScore update(long timestampMs, double value) {
    AnomalyScore raw = delegate.update(timestampMs, value);
    double s = raw.score();
    double r = s >= 1.0 ? MAX_ODDS : Math.min(MAX_ODDS, s / (1.0 - s));
    ringSum += r - ring[pos];
    ring[pos] = r;
    pos = (pos + 1) % ring.length;
    double shortAvg = ringSum / Math.min(n + 1, ring.length);
    double std = Math.max(Math.sqrt(var), minStd);
    double z = (shortAvg - mean) / std;
    // long-run stats learn from every raw score
    double a = n < 1.0 / longAlpha ? 1.0 / (n + 1) : longAlpha;
    double d = r - mean;
    mean += a * d;
    var = (1 - a) * (var + a * d * d);
    n++;
    if (n <= warmup) {
      return new AnomalyScore(0.0, raw.expected(), value, "warming up");
    }
    return new AnomalyScore(
        Squash.rational(z, k),
        raw.expected(),
        value,
        String.format(Locale.ROOT, "likelihood z=%.2f; %s", z, raw.explanation()));
  }
}
