package io.vigil.models.detect;

/**
 * A sample-weighted baseline of a per-sample log quantity (log duration, log cost per invocation,
 * log egress per invocation): weighted mean, per-sample variance and decayed weight. A bucket mean
 * of {@code w} samples has variance {@code var / w} (plus any bucket-level noise); the baseline's
 * own uncertainty {@code var / weight} is added, so a thin baseline or a thin bucket gives little
 * evidence. 28 bytes.
 */
public class LogShift {
  public float mean;
  public float var = 0.25f;
  public float weight;

  /** Bucket-level variance of the residual and the mean bucket weight (for noise per bucket). */
  public float bucketVar = 0.25f;

  public float meanWeight;

  public int buckets;

  public LogShift() {}

  /**
   * Variance of (bucket mean - baseline mean) for a bucket of w samples: per-sample noise var / w,
   * the baseline's own var / weight, and whatever bucket-level noise the history shows beyond those
   * (egress, for one, varies per bucket more than per invocation).
   */
  public double residualVar(double w) {
    double sampling = var / Math.max(weight, 1e-9);
    double extra = Math.max(0, bucketVar - var / Math.max(meanWeight, 1e-9) - sampling);
    return var / Math.max(w, 1e-9) + sampling + extra;
  }

  /**
   * LLR of a shift by delta given bucket mean x of w samples (0 before any history). A bucket
   * busier than usual is credited with the usual weight only: whether its noise shrinks with the
   * samples (per-invocation) or not (per-bucket) cannot be told apart from one function's history,
   * and the cautious reading keeps the false-alarm budget.
   */
  public double llr(double x, double w, double delta) {
    if (buckets == 0 || w <= 0) return 0;
    return Evidence.shift(x - mean, residualVar(Math.min(w, Math.max(meanWeight, 1))), delta);
  }

  public void update(double x, double w, double decay) {
    if (w <= 0 || Double.isNaN(x) || Double.isInfinite(x)) return;
    if (buckets == 0) {
      mean = (float) x;
      weight = (float) w;
      meanWeight = (float) w;
      buckets = 1;
      return;
    }
    double r = x - mean;
    double sd = Math.sqrt(var);
    double clipped = Math.max(-4 * sd, Math.min(4 * sd, r)); // one outlier cannot drag it
    double wTot = weight * decay + w;
    mean += (float) (w / wTot * clipped);
    // w r^2 / (1 + w/W) estimates the per-sample variance; smooth it over ~30 buckets.
    double est = w * clipped * clipped / (1 + w / Math.max(weight, 1e-9));
    double a = Math.max(0.03, 1.0 / (buckets + 1));
    var = (float) Math.max(1e-4, var + a * (est - var));
    bucketVar = (float) Math.max(1e-4, bucketVar + a * (clipped * clipped - bucketVar));
    meanWeight += (float) (a * (w - meanWeight));
    weight = (float) wTot;
    if (buckets < Integer.MAX_VALUE) buckets++;
  }
}
