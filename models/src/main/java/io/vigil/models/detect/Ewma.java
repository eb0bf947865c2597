package io.vigil.models.detect;

/**
 * Exponentially weighted level and mean absolute deviation: a streaming, robust-ish baseline in 20
 * bytes. Updates are winsorised (clamped to level +- 4 deviations) so one outlier cannot drag it.
 */
public class Ewma {
  public double level;
  public double dev;
  public int n;

  public Ewma() {}

  public void update(double x, double alpha) {
    if (n == 0) {
      level = x;
      dev = Math.abs(x) * 0.1;
    } else {
      double a = Math.max(alpha, 1.0 / (n + 1));
      double bound = 4 * Math.max(dev, 1e-9);
      double clamped = n < 5 ? x : Math.max(level - bound, Math.min(level + bound, x));
      double err = clamped - level;
      level += a * err;
      dev += a * (Math.abs(err) - dev);
    }
    if (n < Integer.MAX_VALUE) n++;
  }

  /** Robust z-score of x: deviation from level in units of the mean absolute deviation. */
  public double z(double x, double minDev) {
    return (x - level) / Math.max(dev * 1.25, minDev);
  }
}
