package io.vigil.models.detect;

import java.io.Serializable;
import java.util.Locale;

/**
 * Robust seasonal baseline: per hour-of-day (optionally hour-of-week) slots keep an EWMA of the
 * level and an EWMA of the absolute deviation (a streaming MAD analogue). A global EWMA pair is the
 * fallback while a slot has fewer than {@code minSlotSamples} observations.
 *
 * <p>The score is the smooth squashing {@code z / (z + k)} (0.5 at {@code z = k}) of the robust
 * z-score {@code |x - level| / (1.25 * dev)}; the first {@code warmup} points score 0. Learning is
 * robust: residuals are clipped at {@code clip} deviations before they update the level and the
 * deviation, so one spike barely moves the baseline, while a persistent shift is absorbed
 * geometrically.
 *
 * <p>State: three arrays of 24 (or 168) slots plus a few scalars, about 0.6 KB (hour-of-day) or 3.4
 * KB (hour-of-week).
 */
public final class SeasonalBaselineDetector implements SeriesDetector, Serializable {

  private static final long serialVersionUID = 1L;

  /** Ratio of the standard deviation to the mean absolute deviation for a Gaussian. */
  private static final double MAD_TO_SIGMA = 1.2533;

  /**
   * Tuning knobs.
   *
   * @param alpha EWMA weight of a slot's level/deviation update
   * @param globalAlpha EWMA weight of the global fallback
   * @param dayOfWeek use 168 hour-of-week slots instead of 24 hour-of-day slots
   * @param minSlotSamples observations a slot needs before it replaces the global fallback
   * @param warmup points that score 0 at the start
   * @param k squashing scale: score = z / (z + k)
   * @param clip residual clip, in deviations, applied while learning
   * @param relativeFloor deviation floor as a fraction of the global mean absolute level
   */
  public record Config(
      double alpha,
      double globalAlpha,
      boolean dayOfWeek,
      int minSlotSamples,
      int warmup,
      double k,
      double clip,
      double relativeFloor)
      implements Serializable {

    public Config {
      if (!(alpha > 0 && alpha <= 1) || !(globalAlpha > 0 && globalAlpha <= 1)) {
        throw new IllegalArgumentException("alpha must be in (0,1]");
      }
      if (minSlotSamples < 1 || warmup < 0 || !(k > 0) || !(clip > 0) || relativeFloor < 0) {
        throw new IllegalArgumentException("invalid config");
      }
    }

    /** Defaults tuned on the NAB development subset. */
    public static Config defaults() {
      return new Config(0.05, 0.01, false, 8, 150, 4.0, 4.0, 0.001);
    }

    public Config withAlpha(double a) {
      return new Config(a, globalAlpha, dayOfWeek, minSlotSamples, warmup, k, clip, relativeFloor);
    }

    public Config withGlobalAlpha(double a) {
      return new Config(alpha, a, dayOfWeek, minSlotSamples, warmup, k, clip, relativeFloor);
    }

    public Config withDayOfWeek(boolean d) {
      return new Config(alpha, globalAlpha, d, minSlotSamples, warmup, k, clip, relativeFloor);
    }

    public Config withMinSlotSamples(int m) {
      return new Config(alpha, globalAlpha, dayOfWeek, m, warmup, k, clip, relativeFloor);
    }

    public Config withWarmup(int w) {
      return new Config(alpha, globalAlpha, dayOfWeek, minSlotSamples, w, k, clip, relativeFloor);
    }

    public Config withClip(double c) {
      return new Config(alpha, globalAlpha, dayOfWeek, minSlotSamples, warmup, k, c, relativeFloor);
    }
  }

  private final Config config;
  private final double[] level;
  private final double[] dev;
  private final int[] count;
  private double globalLevel;
  private double globalDev;
  private double globalAbs;
  private long n;

  public SeasonalBaselineDetector() {
    this(Config.defaults());
  }

  public SeasonalBaselineDetector(Config config) {
    this.config = config;
    int slots = config.dayOfWeek() ? 168 : 24;
    level = new double[slots];
    dev = new double[slots];
    count = new int[slots];
  }

  @Override
  public String name() {
    return config.dayOfWeek() ? "seasonal-how" : "seasonal-hod";
  }

  @Override
  public AnomalyScore update(long timestampMs, double value) {
    if (!Double.isFinite(value)) {
      return AnomalyScore.warmingUp(value);
    }
    int slot = slotOf(timestampMs);
    if (n == 0) {
      globalLevel = value;
      globalAbs = Math.abs(value);
    }
    boolean slotReady = count[slot] >= config.minSlotSamples();
    double expected = slotReady ? level[slot] : globalLevel;
    double scale = slotReady ? dev[slot] : globalDev;
    double floor = Math.max(1e-9, config.relativeFloor() * globalAbs);
    double residual = value - expected;
    double z = Math.abs(residual) / (MAD_TO_SIGMA * Math.max(scale, floor));

    AnomalyScore result;
    if (n < config.warmup()) {
      result = new AnomalyScore(0.0, expected, value, "warming up");
    } else {
      result =
          new AnomalyScore(
              Squash.rational(z, config.k()),
              expected,
              value,
              String.format(
                  Locale.ROOT, "z=%.2f vs %s baseline", z, slotReady ? "slot" : "global"));
    }
    learn(slot, value);
    n++;
    return result;
  }

  private void learn(int slot, double value) {
    double clip = config.clip();
    // global fallback
    if (n == 0) {
      globalDev = 0.0;
    } else {
      double gr = value - globalLevel;
      double gLimit = globalDev > 0 ? clip * globalDev : Math.abs(gr);
      double gClipped = Math.max(-gLimit, Math.min(gLimit, gr));
      double ga = n < 20 ? 1.0 / (n + 1) : config.globalAlpha();
      globalLevel += ga * gClipped;
      globalDev += ga * (Math.abs(gClipped) - globalDev);
    }
    globalAbs += config.globalAlpha() * (Math.abs(value) - globalAbs);
    // slot
    int c = count[slot];
    if (c == 0) {
      level[slot] = value;
      dev[slot] = globalDev;
    } else {
      double r = value - level[slot];
      double limit = dev[slot] > 0 ? clip * dev[slot] : Math.abs(r);
      double clipped = Math.max(-limit, Math.min(limit, r));
      double a = Math.max(config.alpha(), 1.0 / (c + 1));
      level[slot] += a * clipped;
      dev[slot] += a * (Math.abs(clipped) - dev[slot]);
    }
    if (c < Integer.MAX_VALUE) {
      count[slot] = c + 1;
    }
  }

  private int slotOf(long timestampMs) {
    long hours = Math.floorDiv(timestampMs, 3_600_000L);
    int hourOfDay = (int) Math.floorMod(hours, 24L);
    if (!config.dayOfWeek()) {
      return hourOfDay;
    }
    // 1970-01-01 was a Thursday; index 0 = Monday 00:00
    int dayOfWeek = (int) Math.floorMod(Math.floorDiv(hours, 24L) + 3, 7L);
    return dayOfWeek * 24 + hourOfDay;
  }
}
