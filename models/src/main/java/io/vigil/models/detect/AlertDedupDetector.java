package io.vigil.models.detect;

/**
 * Wraps a detector and reports only the onset of an episode: a score counts only while it exceeds a
 * slowly decaying peak-hold of the previous scores; otherwise it is multiplied by {@code damping}.
 * An anomaly that keeps scoring high therefore raises one alert instead of hundreds. State: two
 * doubles on top of the delegate's.
 */
public final class AlertDedupDetector implements SeriesDetector {

  private final SeriesDetector delegate;
  private final double decay;
  private final double damping;
  private double peak;

  /**
   * @param delegate detector to wrap
   * @param halfLifePoints points after which the peak-hold has decayed by half
   * @param damping factor applied to scores that do not exceed the peak-hold
   */
  public AlertDedupDetector(SeriesDetector delegate, double halfLifePoints, double damping) {
    this.delegate = delegate;
    this.decay = Math.pow(0.5, 1.0 / halfLifePoints);
    this.damping = damping;
  }

  @Override
  public String name() {
    return "dedup(" + delegate.name() + ")";
  }

  @Override
  public AnomalyScore update(long timestampMs, double value) {
    AnomalyScore s = delegate.update(timestampMs, value);
    double prev = peak * decay;
    peak = Math.max(prev, s.score());
    if (s.score() > prev) {
      return s;
    }
    return new AnomalyScore(
        s.score() * damping, s.expected(), s.observed(), s.explanation() + " (repeat)");
  }
}
