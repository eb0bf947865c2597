package io.vigil.models.detect;

/**
 * Seasonal expectation of a count per bucket: 24 hour-of-day slot means plus a recent mean. No
 * winsorising (a run of zeros must not pin a low-traffic function's rate at zero; anomalous buckets
 * are kept out by the caller instead); the recent mean's smoothing adapts to the rate so that it
 * always averages ~10 events (a 0.3/min function is not judged on its last 3 buckets). Until an
 * hour's slot has seen {@code slotWarmup} buckets the recent mean stands in. Floats and bytes: ~150
 * bytes.
 */
public class SeasonalRate {
  public static final int SLOTS = 24;
  static final double EVENTS_IN_MEMORY = 10;

  public float[] slotLevel = new float[SLOTS];

  /**
   * Buckets each slot has learnt, saturating at {@link #SEEN_CAP} (the learning rate stops changing
   * at 20; bytes keep two seasonal rates per function in the state budget).
   */
  public byte[] slotSeen = new byte[SLOTS];

  static final int SEEN_CAP = Byte.MAX_VALUE;
  public float recent;
  public int n;

  public SeasonalRate() {}

  static int slot(long timestampMs) {
    return (int) ((timestampMs / 3_600_000L) % SLOTS);
  }

  /** Smoothing of the recent mean: fast for busy functions, slow (more history) for quiet ones. */
  double alpha(double maxAlpha) {
    double a = Math.max(recent, 0.01) / EVENTS_IN_MEMORY;
    return Math.max(Math.max(0.02, 1.0 / (n + 1)), Math.min(maxAlpha, a));
  }

  public void update(long timestampMs, double x, double maxAlpha, int slotWarmup) {
    update(timestampMs, x, maxAlpha, slotWarmup, 1);
  }

  /**
   * @param pace 1 normally; below 1 while evidence of an anomaly builds, so a real spike is
   *     absorbed only slowly but a drift the baseline missed (a morning ramp) still heals
   */
  public void update(long timestampMs, double x, double maxAlpha, int slotWarmup, double pace) {
    if (n == 0) recent = (float) x;
    else recent += (float) (pace * alpha(maxAlpha) * (x - recent));
    int s = slot(timestampMs);
    int c = slotSeen[s];
    double a = pace * Math.max(0.05, 1.0 / (c + 1));
    slotLevel[s] = c == 0 ? (float) x : (float) (slotLevel[s] + a * (x - slotLevel[s]));
    if (c < SEEN_CAP) slotSeen[s] = (byte) (c + 1);
    if (n < Integer.MAX_VALUE) n++;
  }

  public double expected(long timestampMs, int slotWarmup) {
    int s = slot(timestampMs);
    if (slotSeen[s] < slotWarmup) return recent;
    return 0.5 * slotLevel[s] + 0.5 * recent;
  }

  /**
   * A cautious expectation: one standard error of the recent mean above it (an EWMA of Poisson
   * counts with smoothing a has variance mu a / (2 - a)), so a thin history does not read as a
   * spike.
   */
  public double cautious(long timestampMs, int slotWarmup, double maxAlpha) {
    double mu = expected(timestampMs, slotWarmup);
    double a = alpha(maxAlpha);
    return mu + Math.sqrt(Math.max(mu, 0) * a / (2 - a));
  }
}
