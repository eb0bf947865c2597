package io.vigil.models.detect;

/**
 * A sample-weighted baseline of a per-sample log quantity (log duration, log cost per invocation,
 * log egress per invocation): weighted mean, per-sample variance and decayed weight. A bucket mean
 * of {@code w} samples has variance {@code var / w} (plus any bucket-level noise); the baseline's
 * own uncertainty {@code var / weight} is added, so a thin baseline or a thin bucket gives little
 * evidence. A bucket is learnt {@value #GUARD} buckets after it was seen, unless an alarm came in
 * between ({@link #learn}): the first buckets of a shift that is found are never learnt. 28 bytes
 * plus the {@value #GUARD} waiting buckets (68 bytes).
 */
public class LogShift {
  public float mean;
  public float var = 0.25f;
  public float weight;

  /** Bucket-level variance of the residual and the mean bucket weight (for noise per bucket). */
  public float bucketVar = 0.25f;

  public float meanWeight;

  public int buckets;

  /** Buckets a seen bucket waits before it is learnt: the volume family's guard band. */
  public static final int GUARD = FunctionBaseline.LEARN_LAG;

  /** Waiting buckets, oldest first: bucket mean and weight of each, {@link #waiting} in use. */
  public float[] pending = new float[2 * GUARD];

  public int waiting;

  public LogShift() {}

  /**
   * Learns from a bucket mean {@code x} of {@code w} samples, given the shift test's {@code
   * evidence} after it and the threshold {@code h}: at once before the detector is warm; once warm,
   * only while the evidence is below h / 3, and then {@value #GUARD} buckets later, so that an
   * alarm (evidence above h) within that time can still drop the bucket. The waiting buckets are
   * the shift's onset then: without the wait, a x1.65 cost shift on 1-8 invocations a minute was
   * learnt for 8 buckets before its CUSUM reached h / 3, which raised the per-sample variance by
   * half and kept the shift from ever reaching h. Evidence between h / 3 and h neither learns nor
   * drops: dropping there would leave out the upper half of ordinary noise (the false alarms of a
   * baseline that learns only its low buckets).
   */
  public void learn(double x, double w, double decay, boolean warm, double evidence, double h) {
    if (!warm) {
      update(x, w, decay);
      return;
    }
    if (evidence > h) {
      waiting = 0;
      return;
    }
    if (evidence >= h / 3 || w <= 0 || Double.isNaN(x) || Double.isInfinite(x)) return;
    if (pending == null || pending.length != 2 * GUARD || waiting < 0 || waiting > GUARD) {
      pending = new float[2 * GUARD]; // not a ring this version wrote: start an empty one
      waiting = 0;
    }
    if (waiting == GUARD) {
      update(pending[0], pending[1], decay);
      System.arraycopy(pending, 2, pending, 0, 2 * (GUARD - 1));
      waiting--;
    }
    pending[2 * waiting] = (float) x;
    pending[2 * waiting + 1] = (float) w;
    waiting++;
  }

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
