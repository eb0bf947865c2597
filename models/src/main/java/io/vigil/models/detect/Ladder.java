package io.vigil.models.detect;

/**
 * One test against a ladder of design alternatives (small, medium, large shift), each a one-sided
 * CUSUM alarming at {@code h + ln k} for k rungs, so the k together keep the e^-h false-alarm
 * budget (union bound). A small sustained shift gathers evidence against the small alternative, a
 * few extreme buckets against the large one; a single design misses one or the other.
 */
public final class Ladder {
  /** Design shifts as multiples of the configured one. */
  public static final double[] DESIGNS = {0.5, 1, 2};

  private Ladder() {}

  /**
   * Steps each rung's CUSUM {@code sums[i]} with {@code llrs[i]} (capped at twice its threshold;
   * not accumulated before warm-up) and returns the evidence on the scale of h: above h exactly
   * when a rung is above its threshold and this bucket itself supports that rung's alternative
   * (else the largest rung's evidence, at most h).
   */
  public static double step(double[] sums, double[] llrs, double h, boolean warm) {
    double hk = h + Math.log(sums.length);
    double alarmed = Double.NEGATIVE_INFINITY, quiet = 0;
    for (int i = 0; i < sums.length; i++) {
      sums[i] = warm ? Evidence.cusumAfter(sums[i], llrs[i], 2 * hk, hk) : 0;
      double onScale = sums[i] - (hk - h);
      if (sums[i] > hk && llrs[i] > 0) alarmed = Math.max(alarmed, onScale);
      else quiet = Math.max(quiet, Math.min(onScale, h));
    }
    return alarmed > h ? alarmed : quiet;
  }

  /**
   * A Gaussian shift test on a sample-weighted log baseline: the rungs' LLRs for a bucket mean x of
   * w samples against designs {@code DESIGNS x delta}, each at most {@code cap} per bucket.
   */
  public static double[] shiftLlrs(LogShift base, double x, double w, double delta, double cap) {
    double[] llrs = new double[DESIGNS.length];
    for (int i = 0; i < llrs.length; i++) {
      llrs[i] = Math.min(cap, base.llr(x, w, DESIGNS[i] * delta));
    }
    return llrs;
  }

  /** The rung sums as doubles: the first CUSUM kept in its own field, the others in an array. */
  public static double[] sums(float first, float[] rest) {
    double[] s = new double[1 + rest.length];
    s[0] = first;
    for (int i = 0; i < rest.length; i++) s[i + 1] = rest[i];
    return s;
  }

  /** Writes rungs 1.. back into {@code rest}; returns rung 0 for its own field. */
  public static float store(double[] sums, float[] rest) {
    for (int i = 0; i < rest.length; i++) rest[i] = (float) sums[i + 1];
    return (float) sums[0];
  }
}
