package io.vigil.models.detect;

/**
 * Hour-of-day seasonal baseline: 24 slot levels plus a fast short-term {@link Ewma}. The slot of
 * the current hour is trusted once it has seen a full hour of buckets; before that (the first day)
 * the short-term level stands in, which follows a diurnal ramp closely enough at 1-minute buckets.
 * Floats keep it at ~230 bytes.
 */
public class SeasonalEwma {
  public static final int SLOTS = 24;

  public float[] slotLevel = new float[SLOTS];
  public float[] slotDev = new float[SLOTS];
  public int[] slotCount = new int[SLOTS];
  public Ewma recent = new Ewma();

  public SeasonalEwma() {}

  static int slot(long timestampMs) {
    return (int) ((timestampMs / 3_600_000L) % SLOTS);
  }

  public void update(long timestampMs, double x, double alphaRecent, int slotWarmup) {
    recent.update(x, alphaRecent);
    int s = slot(timestampMs);
    int n = slotCount[s];
    double a = Math.max(0.05, 1.0 / (n + 1));
    if (n == 0) {
      slotLevel[s] = (float) x;
      slotDev[s] = (float) recent.dev;
    } else {
      double bound = 4 * Math.max(slotDev[s], 1e-9);
      double clamped =
          n < slotWarmup ? x : Math.max(slotLevel[s] - bound, Math.min(slotLevel[s] + bound, x));
      double err = clamped - slotLevel[s];
      slotLevel[s] += (float) (a * err);
      slotDev[s] += (float) (a * (Math.abs(err) - slotDev[s]));
    }
    if (n < Integer.MAX_VALUE) slotCount[s] = n + 1;
  }

  public boolean slotReady(long timestampMs, int slotWarmup) {
    return slotCount[slot(timestampMs)] >= slotWarmup;
  }

  public double expected(long timestampMs, int slotWarmup) {
    if (!slotReady(timestampMs, slotWarmup)) return recent.level;
    // Blend: the seasonal slot anchors, the recent level tracks today's overall volume.
    return 0.5 * slotLevel[slot(timestampMs)] + 0.5 * recent.level;
  }

  public double deviation(long timestampMs, int slotWarmup) {
    if (!slotReady(timestampMs, slotWarmup)) return recent.dev;
    return Math.max(slotDev[slot(timestampMs)], recent.dev);
  }

  public int samples() {
    return recent.n;
  }
}
