package io.vigil.models.detect;

/**
 * How a per-sample log quantity scales with the samples behind a bucket: the slope {@code g} of
 * {@code y = ln(total / w)} on {@code u = ln w} across buckets, learnt per function (decayed
 * centred moments, each bucket one observation). Egress, for one, is not proportional to
 * invocations: keep-alives, DNS and telemetry give a per-minute floor, so a quiet minute's bytes
 * per invocation read as several times the usual one when the baseline is set by busy minutes
 * ({@code g = 0}: per invocation; {@code g = -1}: per bucket). {@link #adjust} moves a bucket's
 * {@code y} to the function's usual {@code w}, so a per-sample baseline compares like with like.
 * The slope is shrunk towards 0 (the per-sample model) by a prior variance of ln w, so a function
 * whose traffic barely varies keeps the per-sample model, and clipped to [-1, 0]. 20 bytes.
 */
public class LogElasticity {
  /** Prior variance of ln w that shrinks the slope towards 0 (ln w varies ~0.5 across 1-8). */
  static final double PRIOR_VAR = 0.05;

  /** Buckets before any slope is used. */
  static final double MIN_BUCKETS = 10;

  public float weight;
  public float meanU, meanY;

  /** Decayed centred sums of squares of u and of cross products of u and y. */
  public float sUU, sUY;

  public LogElasticity() {}

  /** The slope of y on u, shrunk and clipped to [-1, 0]; 0 before {@link #MIN_BUCKETS}. */
  public double slope() {
    if (weight < MIN_BUCKETS) return 0;
    double g = sUY / (sUU + PRIOR_VAR * weight);
    return Math.max(-1, Math.min(0, g));
  }

  /** y moved to the usual ln w: {@code y - g (u - mean u)}. */
  public double adjust(double y, double u) {
    return y - slope() * (u - meanU);
  }

  /**
   * Memory relative to the baseline's: the centre must not follow the daily traffic (a centre that
   * moves with it moves every adjusted value, and the baseline of those lags behind), so it spans a
   * day at the default decay (0.995 per bucket: ~200 buckets, x8 = ~27 hours).
   */
  static final double MEMORY = 8;

  /** Learns one bucket (y, u), the older ones faded by {@code decay^(1/MEMORY)}. */
  public void update(double y, double u, double baselineDecay) {
    double decay = Math.pow(baselineDecay, 1 / MEMORY);
    if (Double.isNaN(y) || Double.isInfinite(y) || Double.isNaN(u) || Double.isInfinite(u)) return;
    if (weight == 0) {
      meanU = (float) u;
      meanY = (float) y;
      weight = 1;
      return;
    }
    double w = weight * decay + 1;
    double du = u - meanU, dy = y - meanY;
    double mu = meanU + du / w;
    double my = meanY + dy / w;
    sUU = (float) (sUU * decay + du * (u - mu));
    sUY = (float) (sUY * decay + du * (y - my));
    meanU = (float) mu;
    meanY = (float) my;
    weight = (float) w;
  }
}
