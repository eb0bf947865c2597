package io.vigil.models.eval.nab;

import io.vigil.models.detect.CusumDetector;
import io.vigil.models.detect.EnsembleDetector;
import io.vigil.models.detect.LikelihoodDetector;
import io.vigil.models.detect.RandomCutForestDetector;
import io.vigil.models.detect.RefractoryDetector;
import io.vigil.models.detect.SeasonalBaselineDetector;
import io.vigil.models.detect.SeriesDetector;
import io.vigil.models.detect.series.NoveltyDetector;
import io.vigil.models.eval.nab.NabCorpus.Series;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/** Runs detectors over a {@link NabCorpus} and scores them with {@link NabScorer}. */
public final class NabEvaluator {

  private final NabCorpus corpus;

  public NabEvaluator(NabCorpus corpus) {
    this.corpus = corpus;
  }

  /** Runs a fresh detector over every series and returns the raw per-row scores. */
  public List<double[]> run(Supplier<? extends SeriesDetector> factory) {
    List<Series> series = corpus.series();
    double[][] out = new double[series.size()][];
    IntStream.range(0, series.size())
        .parallel()
        .forEach(
            f -> {
              Series s = series.get(f);
              SeriesDetector d = factory.get();
              double[] sc = new double[s.size()];
              for (int i = 0; i < s.size(); i++) {
                sc[i] = d.update(s.timestamps()[i], s.values()[i]).score();
              }
              out[f] = sc;
            });
    return List.of(out);
  }

  /** Scores precomputed per-row anomaly scores (one array per series, in corpus order). */
  public NabReport score(String detectorName, List<double[]> scores) {
    List<Series> series = corpus.series();
    Map<NabScorer.Profile, NabReport.ProfileResult> results =
        new EnumMap<>(NabScorer.Profile.class);
    for (NabScorer.Profile p : NabScorer.Profile.values()) {
      NabScorer.ThresholdScore t = NabScorer.optimizeThreshold(series, scores, p);
      double nul = NabScorer.nullScore(series, p);
      double perfect = NabScorer.perfectScore(series, p);
      results.put(
          p,
          new NabReport.ProfileResult(
              t.threshold(),
              t.score(),
              NabScorer.normalize(t.score(), nul, perfect),
              t.truePositives(),
              t.falsePositives(),
              t.falseNegatives()));
    }
    return new NabReport(detectorName, results);
  }

  /** Runs and scores one detector. */
  public NabReport evaluate(String detectorName, Supplier<? extends SeriesDetector> factory) {
    return score(detectorName, run(factory));
  }

  /** Alarm level of the refractory wrapper in the NAB-tuned configurations. */
  public static final double NAB_ALARM_LEVEL = 0.45;

  /** Points silenced after an alarm in the NAB-tuned configurations. */
  public static final int NAB_REFRACTORY_POINTS = 100;

  /**
   * The NAB-tuned pipeline: robust seasonal baseline, anomaly likelihood, 100-point refractory
   * period after an alarm at 0.45. Per-instance state stays below 1 KB.
   */
  public static SeriesDetector tunedSeasonal() {
    return tuned(new SeasonalBaselineDetector(), NAB_ALARM_LEVEL);
  }

  private static SeriesDetector tuned(SeriesDetector raw, double alarmLevel) {
    return new RefractoryDetector(
        new LikelihoodDetector(raw), alarmLevel, NAB_REFRACTORY_POINTS, 0.0);
  }

  /** Report name of {@link #noveltyOrSeasonal()}. */
  public static final String NOVELTY_OR_SEASONAL = "refractory(max(novelty,likelihood(seasonal)))";

  /** The novelty detector with its default parameters. */
  public static SeriesDetector novelty() {
    return new NoveltyDetector();
  }

  /**
   * The best development configuration: max of the novelty detector and the likelihood of the
   * seasonal baseline, behind one shared refractory period (one alarm per incident, whichever
   * member sees it first).
   */
  public static SeriesDetector noveltyOrSeasonal() {
    return noveltyOrSeasonal(NAB_REFRACTORY_POINTS);
  }

  static SeriesDetector noveltyOrSeasonal(int refractoryPoints) {
    return noveltyOrSeasonal(NoveltyDetector.Params.defaults(), refractoryPoints);
  }

  /** Report name of {@link #compactNovelty()}: the job's per-function form. */
  public static final String COMPACT_NOVELTY = "novelty(compact)";

  /** The novelty detector in the job's compact form (16 prototypes). */
  public static SeriesDetector compactNovelty() {
    return new NoveltyDetector(NoveltyDetector.Params.compact());
  }

  /** Report name of the ensemble with the compact novelty detector. */
  public static final String COMPACT_NOVELTY_OR_SEASONAL =
      "refractory(max(novelty(compact),likelihood(seasonal)))";

  static SeriesDetector noveltyOrSeasonal(NoveltyDetector.Params p, int refractoryPoints) {
    return new RefractoryDetector(
        EnsembleDetector.max(
            new NoveltyDetector(p), new LikelihoodDetector(new SeasonalBaselineDetector())),
        NAB_ALARM_LEVEL,
        refractoryPoints,
        0.0);
  }

  /**
   * Detector families for {@link NabCrossValidation}: per family, the candidate configurations
   * whose choice (with the threshold) is made on the training categories. The novelty family offers
   * its two structural parameters around their reasoned defaults.
   */
  public static Map<String, Map<String, Supplier<SeriesDetector>>> crossValidationFamilies() {
    Map<String, Map<String, Supplier<SeriesDetector>>> m = new LinkedHashMap<>();
    m.put(
        "refractory(likelihood(seasonal))",
        Map.of("alarm 0.45, refractory 100", NabEvaluator::tunedSeasonal));
    Map<String, Supplier<SeriesDetector>> novelty = new LinkedHashMap<>();
    NoveltyDetector.Params d = NoveltyDetector.Params.defaults();
    for (int width : new int[] {4, 8}) {
      for (double radius : new double[] {0.05, 0.1, 0.15, 0.2}) {
        NoveltyDetector.Params p = d.withRadius(radius).withWidth(width);
        novelty.put("width " + width + ", radius " + radius, () -> new NoveltyDetector(p));
      }
    }
    m.put("novelty", novelty);
    Map<String, Supplier<SeriesDetector>> ensemble = new LinkedHashMap<>();
    for (int refractory : new int[] {50, 100, 150, 200}) {
      ensemble.put("refractory " + refractory, () -> noveltyOrSeasonal(refractory));
    }
    m.put(NOVELTY_OR_SEASONAL, ensemble);
    Map<String, Supplier<SeriesDetector>> compact = new LinkedHashMap<>();
    for (int refractory : new int[] {50, 100, 150, 200}) {
      compact.put(
          "refractory " + refractory,
          () -> noveltyOrSeasonal(NoveltyDetector.Params.compact(), refractory));
    }
    m.put(COMPACT_NOVELTY_OR_SEASONAL, compact);
    return m;
  }

  /** Cross-validation tables of every family and profile (what {@code --cross-validate} prints). */
  public static String crossValidate(NabCorpus corpus) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Map<String, Supplier<SeriesDetector>>> f :
        crossValidationFamilies().entrySet()) {
      NabCrossValidation cv = new NabCrossValidation(corpus, f.getValue());
      sb.append("## ").append(f.getKey()).append(System.lineSeparator());
      for (NabScorer.Profile p : NabScorer.Profile.values()) {
        sb.append(cv.run(p).table()).append(System.lineSeparator());
      }
    }
    return sb.toString();
  }

  /** The detector configurations reported for NAB, raw and tuned (likelihood + refractory). */
  public static Map<String, Supplier<SeriesDetector>> standardDetectors(boolean includeRcf) {
    Map<String, Supplier<SeriesDetector>> m = new LinkedHashMap<>();
    m.put("seasonal", SeasonalBaselineDetector::new);
    m.put("cusum", CusumDetector::new);
    m.put(
        "max(seasonal,cusum)",
        () -> EnsembleDetector.max(new SeasonalBaselineDetector(), new CusumDetector()));
    if (includeRcf) {
      m.put("rcf", RandomCutForestDetector::new);
    }
    m.put("refractory(likelihood(seasonal))", NabEvaluator::tunedSeasonal);
    m.put("refractory(likelihood(cusum))", () -> tuned(new CusumDetector(), NAB_ALARM_LEVEL));
    m.put(
        "refractory(likelihood(max(seasonal,cusum)))",
        () ->
            tuned(
                EnsembleDetector.max(new SeasonalBaselineDetector(), new CusumDetector()),
                NAB_ALARM_LEVEL));
    m.put("novelty", NabEvaluator::novelty);
    m.put(NOVELTY_OR_SEASONAL, NabEvaluator::noveltyOrSeasonal);
    m.put(COMPACT_NOVELTY, NabEvaluator::compactNovelty);
    m.put(
        COMPACT_NOVELTY_OR_SEASONAL,
        () -> noveltyOrSeasonal(NoveltyDetector.Params.compact(), NAB_REFRACTORY_POINTS));
    if (includeRcf) {
      m.put(
          "refractory(likelihood(rcf))",
          () -> tuned(new RandomCutForestDetector(), NAB_ALARM_LEVEL));
    }
    return m;
  }

  /**
   * Prints the normalised scores of the standard detectors. Args: corpus folder (default {@code
   * ../shared/nab}), then optionally {@code --no-rcf}.
   */
  public static void main(String[] args) {
    Path root = Path.of(args.length > 0 ? args[0] : "../shared/nab");
    boolean rcf = !List.of(args).contains("--no-rcf");
    if (List.of(args).contains("--cross-validate")) {
      System.out.print(crossValidate(NabCorpus.load(root)));
      return;
    }
    NabEvaluator ev = new NabEvaluator(NabCorpus.load(root));
    List<NabReport> reports = new ArrayList<>();
    for (Map.Entry<String, Supplier<SeriesDetector>> e : standardDetectors(rcf).entrySet()) {
      long t0 = System.nanoTime();
      NabReport r = ev.evaluate(e.getKey(), e.getValue());
      reports.add(r);
      System.out.println(r + String.format(" [%.1fs]", (System.nanoTime() - t0) / 1e9));
    }
  }
}
