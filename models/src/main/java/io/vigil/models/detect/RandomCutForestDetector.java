package io.vigil.models.detect;

import com.amazon.randomcutforest.config.ForestMode;
import com.amazon.randomcutforest.config.Precision;
import com.amazon.randomcutforest.config.TransformMethod;
import com.amazon.randomcutforest.parkservices.AnomalyDescriptor;
import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import java.util.Locale;

/**
 * Wraps AWS's {@link ThresholdedRandomCutForest} (randomcutforest-parkservices) with internal
 * shingling.
 *
 * <p><b>Heavy state:</b> unlike the other detectors this one is NOT suitable for per-function Flink
 * keyed state: a forest of this size is documented at roughly 720 KiB. Use it for NAB evaluation
 * and for a small number of high-value keys only.
 *
 * <p>Score: with {@code q = rcfScore / (rcfScore + scoreScale)}, {@code 0.5 + 0.5 q} when the
 * thresholder grades the point as anomalous and {@code 0.5 q} otherwise, so graded points rank
 * above ungraded ones and ties stay rare enough for a corpus-level threshold sweep.
 */
public final class RandomCutForestDetector implements SeriesDetector {

  /**
   * @param shingleSize points per shingle
   * @param numberOfTrees trees in the forest
   * @param sampleSize reservoir per tree
   * @param seed random seed
   * @param scoreScale squashing scale of the raw RCF score below the grading threshold
   */
  public record Config(
      int shingleSize, int numberOfTrees, int sampleSize, long seed, double scoreScale) {
    public static Config defaults() {
      return new Config(8, 40, 256, 42L, 1.5);
    }
  }

  private final ThresholdedRandomCutForest forest;
  private final Config config;

  public RandomCutForestDetector() {
    this(Config.defaults());
  }

  public RandomCutForestDetector(Config config) {
    this.config = config;
    this.forest =
        ThresholdedRandomCutForest.builder()
            .compact(true)
            .dimensions(config.shingleSize())
            .shingleSize(config.shingleSize())
            .internalShinglingEnabled(true)
            .numberOfTrees(config.numberOfTrees())
            .sampleSize(config.sampleSize())
            .randomSeed(config.seed())
            .precision(Precision.FLOAT_32)
            .forestMode(ForestMode.STANDARD)
            .transformMethod(TransformMethod.NORMALIZE)
            .anomalyRate(0.005)
            .build();
  }

  @Override
  public String name() {
    return "rcf";
  }

  @Override
  public AnomalyScore update(long timestampMs, double value) {
    if (!Double.isFinite(value)) {
      return AnomalyScore.warmingUp(value);
    }
    AnomalyDescriptor d = forest.process(new double[] {value}, timestampMs);
    double grade = d.getAnomalyGrade();
    double rcf = d.getRCFScore();
    double expected = value;
    double[][] ev = d.getExpectedValuesList();
    if (grade > 0 && ev != null && ev.length > 0 && ev[0] != null && ev[0].length > 0) {
      expected = ev[0][0];
    }
    double score =
        grade > 0
            ? 0.5 + 0.5 * Squash.rational(rcf, config.scoreScale())
            : 0.5 * Squash.rational(rcf, config.scoreScale());
    return new AnomalyScore(
        score, expected, value, String.format(Locale.ROOT, "rcf=%.2f grade=%.2f", rcf, grade));
  }
}
