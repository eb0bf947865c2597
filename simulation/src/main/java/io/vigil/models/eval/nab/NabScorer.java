package io.vigil.models.eval.nab;

import io.vigil.models.eval.nab.NabCorpus.Series;
import io.vigil.models.eval.nab.NabCorpus.Window;
import java.util.Arrays;
import java.util.List;

/**
 * The Numenta Anomaly Benchmark scoring rules, matching NAB's {@code sweeper.py}:
 *
 * <ul>
 *   <li>the first {@code min(floor(0.15 N), 750)} rows of a file are probationary and ignored;
 *   <li>inside a window a row at relative position {@code y = -(right - i + 1) / width} is worth
 *       {@code tpWeight * (2 sigmoid(-5y) - 1) / (2 sigmoid(5) - 1)} (1.0 at the left edge); only
 *       the best (earliest) detection of a window counts; a window without detection costs {@code
 *       -fnWeight};
 *   <li>a detection outside any window costs {@code fpWeight * (2 sigmoid(-5y) - 1)} with {@code y
 *       = |i - prevRight| / (prevWidth - 1)} (and -1 when {@code y >= 3} or no window precedes);
 *   <li>the threshold is chosen per profile over the whole corpus by an exact sweep over every
 *       distinct score (as NAB's optimiser over {@code calcScoreByThreshold}); detections are
 *       scores {@code >= threshold};
 *   <li>normalised score {@code 100 (S - S_null) / (S_perfect - S_null)}, null = no detections,
 *       perfect = one detection at each window's left edge.
 * </ul>
 */
public final class NabScorer {

  /** NAB's probationary fraction. */
  public static final double PROBATION_PERCENT = 0.15;

  /** Marker for rows outside every window. */
  static final int OUTSIDE = -1;

  /** Marker for probationary rows. */
  static final int PROBATION = -2;

  /** Application profiles (TP, FN, FP weights). */
  public enum Profile {
    STANDARD("standard", 1.0, 1.0, 0.11),
    REWARD_LOW_FP_RATE("reward_low_FP_rate", 1.0, 1.0, 0.22),
    REWARD_LOW_FN_RATE("reward_low_FN_rate", 1.0, 2.0, 0.11);

    private final String id;
    private final double tpWeight;
    private final double fnWeight;
    private final double fpWeight;

    Profile(String id, double tpWeight, double fnWeight, double fpWeight) {
      this.id = id;
      this.tpWeight = tpWeight;
      this.fnWeight = fnWeight;
      this.fpWeight = fpWeight;
    }

    public String id() {
      return id;
    }

    public double tpWeight() {
      return tpWeight;
    }

    public double fnWeight() {
      return fnWeight;
    }

    public double fpWeight() {
      return fpWeight;
    }
  }

  /**
   * Score of one file for one detection set.
   *
   * @param score raw score S
   */
  public record FileScore(
      double score, int truePositives, int falsePositives, int falseNegatives) {}

  /** Corpus-wide threshold and score. */
  public record ThresholdScore(
      double threshold, double score, int truePositives, int falsePositives, int falseNegatives) {}

  private NabScorer() {}

  /** {@code min(floor(0.15 N), 750)}. */
  public static int probationLength(int rows) {
    return (int) Math.min(Math.floor(PROBATION_PERCENT * rows), PROBATION_PERCENT * 5000);
  }

  /** {@code 2 sigmoid(-5 y) - 1}, or -1 when {@code y >= 3}. */
  public static double scaledSigmoid(double relativePosition) {
    if (relativePosition >= 3.0) {
      return -1.0;
    }
    return 2.0 / (1.0 + Math.exp(5.0 * relativePosition)) - 1.0;
  }

  /**
   * Per-row labelling of a file: window index (or {@link #OUTSIDE}/{@link #PROBATION}) and the
   * weighted score a detection at that row would earn.
   */
  record Rows(int[] window, double[] sweep) {}

  static Rows rows(Series s, Profile p) {
    int n = s.size();
    int[] window = new int[n];
    double[] sweep = new double[n];
    int probation = probationLength(n);
    double maxTp = scaledSigmoid(-1.0);
    List<Window> ws = s.windows();
    int next = 0;
    int prevRight = -1;
    int prevWidth = 0;
    Window cur = null;
    int curIndex = -1;
    for (int i = 0; i < n; i++) {
      if (cur == null && next < ws.size() && ws.get(next).start() == i) {
        cur = ws.get(next);
        curIndex = next;
        next++;
      }
      if (cur != null) {
        double pos = -(cur.end() - i + 1) / (double) cur.width();
        sweep[i] = scaledSigmoid(pos) * p.tpWeight() / maxTp;
        window[i] = curIndex;
      } else {
        double pos;
        if (prevRight < 0) {
          pos = 3.0;
        } else {
          pos = prevWidth > 1 ? Math.abs(prevRight - i) / (double) (prevWidth - 1) : 3.0;
        }
        sweep[i] = scaledSigmoid(pos) * p.fpWeight();
        window[i] = OUTSIDE;
      }
      if (i < probation) {
        window[i] = PROBATION;
      }
      if (cur != null && i == cur.end()) {
        prevRight = i;
        prevWidth = cur.width();
        cur = null;
      }
    }
    return new Rows(window, sweep);
  }

  /** Raw score of one file given explicit detections (one flag per row). */
  public static FileScore score(Series s, boolean[] detections, Profile p) {
    if (detections.length != s.size()) {
      throw new IllegalArgumentException("one detection flag per row");
    }
    Rows r = rows(s, p);
    int nw = s.windows().size();
    double[] best = new double[nw];
    boolean[] scorable = new boolean[nw];
    Arrays.fill(best, -p.fnWeight());
    double fp = 0;
    int fpCount = 0;
    for (int i = 0; i < s.size(); i++) {
      int w = r.window()[i];
      if (w >= 0) {
        scorable[w] = true;
      }
      if (!detections[i] || w == PROBATION) {
        continue;
      }
      if (w == OUTSIDE) {
        fp += r.sweep()[i];
        fpCount++;
      } else {
        best[w] = Math.max(best[w], r.sweep()[i]);
      }
    }
    double total = fp;
    int tp = 0;
    int fn = 0;
    for (int w = 0; w < nw; w++) {
      if (!scorable[w]) {
        continue;
      }
      total += best[w];
      if (best[w] > -p.fnWeight()) {
        tp++;
      } else {
        fn++;
      }
    }
    return new FileScore(total, tp, fpCount, fn);
  }

  /** Raw score of one file for anomaly scores and a threshold (detection = score >= threshold). */
  public static FileScore score(Series s, double[] scores, double threshold, Profile p) {
    boolean[] d = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      d[i] = scores[i] >= threshold;
    }
    return score(s, d, p);
  }

  /** Detections of the perfect detector: each window's left edge. */
  public static boolean[] perfectDetections(Series s) {
    boolean[] d = new boolean[s.size()];
    for (Window w : s.windows()) {
      d[w.start()] = true;
    }
    return d;
  }

  /** S_null over the series: no detections at all. */
  public static double nullScore(List<Series> series, Profile p) {
    double sum = 0;
    for (Series s : series) {
      sum += score(s, new boolean[s.size()], p).score();
    }
    return sum;
  }

  /** S_perfect over the series: a detection at each window's left edge. */
  public static double perfectScore(List<Series> series, Profile p) {
    double sum = 0;
    for (Series s : series) {
      sum += score(s, perfectDetections(s), p).score();
    }
    return sum;
  }

  /** {@code 100 (raw - null) / (perfect - null)}. */
  public static double normalize(double raw, double nullScore, double perfectScore) {
    double span = perfectScore - nullScore;
    return span == 0 ? 0.0 : 100.0 * (raw - nullScore) / span;
  }

  /**
   * Chooses the corpus-wide threshold maximising the summed raw score by sweeping every distinct
   * anomaly score from high to low (plus "no detection", threshold 1.1). Ties keep the higher
   * threshold.
   */
  public static ThresholdScore optimizeThreshold(
      List<Series> series, List<double[]> scores, Profile p) {
    int total = 0;
    for (Series s : series) {
      total += s.size() - probationLength(s.size());
    }
    double[] score = new double[total];
    double[] sweep = new double[total];
    int[] window = new int[total];
    int k = 0;
    int windowBase = 0;
    int scorableWindows = 0;
    for (int f = 0; f < series.size(); f++) {
      Series s = series.get(f);
      double[] sc = scores.get(f);
      if (sc.length != s.size()) {
        throw new IllegalArgumentException("one score per row in " + s.name());
      }
      Rows r = rows(s, p);
      boolean[] seen = new boolean[s.windows().size()];
      for (int i = 0; i < s.size(); i++) {
        int w = r.window()[i];
        if (w == PROBATION) {
          continue;
        }
        score[k] = sc[i];
        sweep[k] = r.sweep()[i];
        window[k] = w == OUTSIDE ? OUTSIDE : windowBase + w;
        if (w >= 0 && !seen[w]) {
          seen[w] = true;
          scorableWindows++;
        }
        k++;
      }
      windowBase += s.windows().size();
    }
    Integer[] order = new Integer[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));

    double[] best = new double[windowBase];
    Arrays.fill(best, -p.fnWeight());
    double windowSum = -p.fnWeight() * scorableWindows;
    double fpSum = 0;
    int tp = 0;
    int fp = 0;
    ThresholdScore bestResult = new ThresholdScore(1.1, windowSum, 0, 0, scorableWindows);
    int idx = 0;
    while (idx < total) {
      double t = score[order[idx]];
      while (idx < total && score[order[idx]] == t) {
        int row = order[idx];
        int w = window[row];
        if (w == OUTSIDE) {
          fpSum += sweep[row];
          fp++;
        } else if (sweep[row] > best[w]) {
          if (best[w] == -p.fnWeight()) {
            tp++;
          }
          windowSum += sweep[row] - best[w];
          best[w] = sweep[row];
        }
        idx++;
      }
      double s = fpSum + windowSum;
      if (s > bestResult.score()) {
        bestResult = new ThresholdScore(t, s, tp, fp, scorableWindows - tp);
      }
    }
    return bestResult;
  }
}
