package io.vigil.models.eval.nab;

import io.vigil.models.detect.SeriesDetector;
import io.vigil.models.eval.nab.NabCorpus.Series;
import io.vigil.models.eval.nab.NabScorer.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Leave-one-category-out cross-validation: for each category, every free choice (the candidate
 * configuration and the corpus-wide threshold) is made on the other categories only, then the held
 * out category is scored with it. Next to it, the in-sample score (the same configuration with the
 * threshold tuned on the held-out category itself) shows how much of a score is tuning.
 */
public final class NabCrossValidation {

  /**
   * One fold.
   *
   * @param category held-out category
   * @param config candidate chosen on the other categories
   * @param threshold threshold chosen on the other categories
   * @param outOfSample held-out raw score with that configuration and threshold
   * @param inSample held-out raw score with the threshold tuned on the held-out category
   * @param nullScore held-out null score
   * @param perfectScore held-out perfect score
   * @param windows scorable windows held out
   * @param truePositives windows detected out of sample
   * @param falsePositives detections outside windows out of sample
   */
  public record Fold(
      String category,
      String config,
      double threshold,
      double outOfSample,
      double inSample,
      double nullScore,
      double perfectScore,
      int windows,
      int truePositives,
      int falsePositives) {

    /** Normalised out-of-sample score; NaN for a category without windows (perfect = null). */
    public double normalizedOutOfSample() {
      return normalizedOrNaN(outOfSample);
    }

    public double normalizedInSample() {
      return normalizedOrNaN(inSample);
    }

    private double normalizedOrNaN(double raw) {
      return perfectScore == nullScore
          ? Double.NaN
          : NabScorer.normalize(raw, nullScore, perfectScore);
    }
  }

  /**
   * All folds of one profile plus the pooled figures over the whole corpus.
   *
   * @param pooledOutOfSample normalised sum of the folds' out-of-sample raw scores
   * @param pooledInSample the best candidate with one threshold tuned on the whole corpus
   */
  public record Result(
      Profile profile, List<Fold> folds, double pooledOutOfSample, double pooledInSample) {

    /** A Markdown table. */
    public String table() {
      StringBuilder sb = new StringBuilder();
      sb.append(
          String.format(
              Locale.ROOT,
              "%s profile, leave-one-category-out%n"
                  + "| held-out category | config (chosen on the other four) | threshold | out of"
                  + " sample | in sample | TP/windows | FP |%n|---|---|---|---|---|---|---|%n",
              profile.id()));
      for (Fold f : folds) {
        sb.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %.4f | %s | %s | %d/%d | %d |%n",
                f.category(),
                f.config(),
                f.threshold(),
                fmt(f.normalizedOutOfSample(), f.outOfSample()),
                fmt(f.normalizedInSample(), f.inSample()),
                f.truePositives(),
                f.windows(),
                f.falsePositives()));
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "| all five (pooled) | | | %.1f | %.1f | | |%n",
              pooledOutOfSample,
              pooledInSample));
      return sb.toString();
    }

    private static String fmt(double normalized, double raw) {
      return Double.isNaN(normalized)
          ? String.format(Locale.ROOT, "raw %.2f", raw)
          : String.format(Locale.ROOT, "%.1f", normalized);
    }
  }

  private final NabCorpus corpus;
  private final Map<String, List<double[]>> scores = new LinkedHashMap<>();

  /** Runs every candidate once over the corpus; folds then only re-score. */
  public NabCrossValidation(NabCorpus corpus, Map<String, Supplier<SeriesDetector>> candidates) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no candidates");
    }
    this.corpus = corpus;
    NabEvaluator ev = new NabEvaluator(corpus);
    candidates.forEach((name, factory) -> scores.put(name, ev.run(factory)));
  }

  /** The category of a series name {@code <category>/<file>.csv}. */
  public static String category(Series s) {
    int slash = s.name().indexOf('/');
    return slash < 0 ? "" : s.name().substring(0, slash);
  }

  public List<String> categories() {
    return corpus.series().stream().map(NabCrossValidation::category).distinct().sorted().toList();
  }

  /** Cross-validates one profile. */
  public Result run(Profile p) {
    List<Series> all = corpus.series();
    List<Fold> folds = new ArrayList<>();
    double outSum = 0;
    for (String held : categories()) {
      List<Integer> train = new ArrayList<>();
      List<Integer> test = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        (category(all.get(i)).equals(held) ? test : train).add(i);
      }
      String bestConfig = null;
      NabScorer.ThresholdScore bestTrain = null;
      for (Map.Entry<String, List<double[]>> c : scores.entrySet()) {
        NabScorer.ThresholdScore t =
            NabScorer.optimizeThreshold(pick(all, train), pick(c.getValue(), train), p);
        if (bestTrain == null || t.score() > bestTrain.score()) {
          bestTrain = t;
          bestConfig = c.getKey();
        }
      }
      List<Series> testSeries = pick(all, test);
      List<double[]> testScores = pick(scores.get(bestConfig), test);
      double raw = 0;
      int tp = 0;
      int fp = 0;
      int windows = 0;
      for (int i = 0; i < testSeries.size(); i++) {
        NabScorer.FileScore fs =
            NabScorer.score(testSeries.get(i), testScores.get(i), bestTrain.threshold(), p);
        raw += fs.score();
        tp += fs.truePositives();
        fp += fs.falsePositives();
        windows += fs.truePositives() + fs.falseNegatives();
      }
      outSum += raw;
      double inSample = NabScorer.optimizeThreshold(testSeries, testScores, p).score();
      folds.add(
          new Fold(
              held,
              bestConfig,
              bestTrain.threshold(),
              raw,
              inSample,
              NabScorer.nullScore(testSeries, p),
              NabScorer.perfectScore(testSeries, p),
              windows,
              tp,
              fp));
    }
    double nul = NabScorer.nullScore(all, p);
    double perfect = NabScorer.perfectScore(all, p);
    double bestIn = Double.NEGATIVE_INFINITY;
    for (List<double[]> s : scores.values()) {
      bestIn = Math.max(bestIn, NabScorer.optimizeThreshold(all, s, p).score());
    }
    return new Result(
        p,
        folds,
        NabScorer.normalize(outSum, nul, perfect),
        NabScorer.normalize(bestIn, nul, perfect));
  }

  private static <T> List<T> pick(List<T> list, List<Integer> idx) {
    return idx.stream().map(list::get).toList();
  }
}
