package io.vigil.models.detect;

import java.util.Random;
import java.util.function.Supplier;

/** Crafted series for detector tests: 5-minute points, daily sinusoid, seeded Gaussian noise. */
final class Synthetic {
  private Synthetic() {}

  static final long STEP_MS = 300_000L;
  static final int N = 4000;
  static final int ANOMALY_AT = 3000;

  static long ts(int i) {
    return 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, 86_400_000L) + i * STEP_MS;
  }

  static double[] base(long seed, double amplitude) {
    Random r = new Random(seed);
    double[] v = new double[N];
    for (int i = 0; i < N; i++) {
      double phase = 2 * Math.PI * (i % 288) / 288.0;
      v[i] = 100 + amplitude * Math.sin(phase) + r.nextGaussian();
    }
    return v;
  }

  static double[] noise(long seed) {
    return base(seed, 10);
  }

  static double[] spike(long seed) {
    double[] v = base(seed, 10);
    v[ANOMALY_AT] += 25;
    return v;
  }

  static double[] levelShift(long seed) {
    double[] v = base(seed, 10);
    for (int i = ANOMALY_AT; i < N; i++) {
      v[i] += 6;
    }
    return v;
  }

  /** Ramp of 0.05 sigma per point from ANOMALY_AT on (20 sigma after 400 points). */
  static double[] drift(long seed) {
    double[] v = base(seed, 10);
    for (int i = ANOMALY_AT; i < N; i++) {
      v[i] += 0.05 * (i - ANOMALY_AT);
    }
    return v;
  }

  static double[] run(Supplier<? extends SeriesDetector> f, double[] v) {
    SeriesDetector d = f.get();
    double[] s = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      AnomalyScore a = d.update(ts(i), v[i]);
      assert a.score() >= 0 && a.score() <= 1;
      s[i] = a.score();
    }
    return s;
  }

  static double max(double[] s, int from, int to) {
    double m = 0;
    for (int i = Math.max(0, from); i < Math.min(s.length, to); i++) {
      m = Math.max(m, s[i]);
    }
    return m;
  }

  static double fractionAbove(double[] s, int from, double threshold) {
    int c = 0;
    for (int i = from; i < s.length; i++) {
      if (s[i] >= threshold) {
        c++;
      }
    }
    return c / (double) (s.length - from);
  }
}
