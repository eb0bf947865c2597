package io.vigil.models.detect;

/**
 * Result of scoring one observation.
 *
 * @param score anomaly score in [0, 1]; 0 = normal (or still warming up), 1 = certainly anomalous
 * @param expected the value the detector expected
 * @param observed the value actually observed
 * @param explanation short human-readable reason
 */
public record AnomalyScore(double score, double expected, double observed, String explanation) {

  public AnomalyScore {
    if (Double.isNaN(score)) {
      score = 0.0;
    }
    score = Math.max(0.0, Math.min(1.0, score));
    explanation = explanation == null ? "" : explanation;
  }

  /** A zero score used while a detector warms up. */
  public static AnomalyScore warmingUp(double observed) {
    return new AnomalyScore(0.0, observed, observed, "warming up");
  }

  /** True when {@link #score()} is at least {@code threshold}. */
  public boolean isAnomalous(double threshold) {
    return score >= threshold;
  }
}
