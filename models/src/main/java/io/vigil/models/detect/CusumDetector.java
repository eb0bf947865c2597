package io.vigil.models.detect;

import java.io.Serializable;
import java.util.Locale;

/**
 * Two-sided CUSUM on standardised residuals against a slow EWMA baseline, for sustained level
 * shifts and regressions.
 *
 * <p>With {@code z = (x - mean) / sigma} (sigma from an EWMA of absolute deviation), the upper and
 * lower sums are {@code S+ = max(0, S+ + z - k)} and {@code S- = max(0, S- - z - k)}. The score is
 * {@code S / (S + h)} for {@code S = max(S+, S-)}, so it reaches 0.5 exactly at the alarm threshold
 * {@code h}. After an alarm both sums reset and the baseline re-anchors on a fast EWMA so that a
 * new level is accepted instead of alarming forever. State is a handful of doubles.
 */
public final class CusumDetector implements SeriesDetector, Serializable {

  private static final long serialVersionUID = 1L;

  private static final double MAD_TO_SIGMA = 1.2533;

  /**
   * @param slowAlpha EWMA weight of the baseline mean and deviation
   * @param fastAlpha EWMA weight of the fast mean used to re-anchor after an alarm
   * @param k drift allowance, in sigmas
   * @param h alarm threshold on the sums, in sigmas
   * @param warmup points that score 0 at the start
   * @param zClip standardised residuals are clipped at this value before accumulating
   */
  public record Config(
      double slowAlpha, double fastAlpha, double k, double h, int warmup, double zClip)
      implements Serializable {
    public Config {
      if (!(slowAlpha > 0 && slowAlpha <= 1) || !(fastAlpha > 0 && fastAlpha <= 1)) {
        throw new IllegalArgumentException("alpha must be in (0,1]");
      }
      if (k < 0 || !(h > 0) || warmup < 0 || !(zClip > 0)) {
        throw new IllegalArgumentException("invalid config");
      }
    }

    public static Config defaults() {
      return new Config(0.01, 0.2, 0.5, 8.0, 150, 6.0);
    }

    public Config withK(double v) {
      return new Config(slowAlpha, fastAlpha, v, h, warmup, zClip);
    }

    public Config withH(double v) {
      return new Config(slowAlpha, fastAlpha, k, v, warmup, zClip);
    }

    public Config withSlowAlpha(double v) {
      return new Config(v, fastAlpha, k, h, warmup, zClip);
    }
  }

  private final Config config;
  private double mean;
  private double dev;
  private double fast;
  private double upper;
  private double lower;
  private long n;

  public CusumDetector() {
    this(Config.defaults());
  }

  public CusumDetector(Config config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "cusum";
  }

  @Override
  public AnomalyScore update(long timestampMs, double value) {
    if (!Double.isFinite(value)) {
      return AnomalyScore.warmingUp(value);
    }
    if (n == 0) {
      mean = value;
      fast = value;
      dev = 0;
    }
    double expected = mean;
    double sigma = Math.max(MAD_TO_SIGMA * dev, 1e-9 + 1e-3 * Math.abs(mean));
    double z = (value - mean) / sigma;
    double zc = Math.max(-config.zClip(), Math.min(config.zClip(), z));
    fast += config.fastAlpha() * (value - fast);

    AnomalyScore result;
    if (n < config.warmup()) {
      result = new AnomalyScore(0.0, expected, value, "warming up");
      learn(value - mean);
    } else {
      upper = Math.max(0, upper + zc - config.k());
      lower = Math.max(0, lower - zc - config.k());
      double s = Math.max(upper, lower);
      double score = Squash.rational(s, config.h());
      String dir = upper >= lower ? "up" : "down";
      boolean alarm = s > config.h();
      result =
          new AnomalyScore(
              score,
              expected,
              value,
              String.format(
                  Locale.ROOT,
                  "cusum %s S=%.1f h=%.1f%s",
                  dir,
                  s,
                  config.h(),
                  alarm ? " (alarm, reset)" : ""));
      if (alarm) {
        upper = 0;
        lower = 0;
        mean = fast;
      } else {
        learn(zc * sigma);
      }
    }
    n++;
    return result;
  }

  private void learn(double residual) {
    double a = n < 30 ? 1.0 / (n + 1) : config.slowAlpha();
    if (n > 0) {
      mean += a * residual;
      dev += a * (Math.abs(residual) - dev);
    }
  }
}
