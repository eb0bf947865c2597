package io.vigil.models.detect;

import java.io.Serializable;

/**
 * Wraps a detector and silences it for {@code refractoryPoints} points after each alarm (a score at
 * or above {@code alarmLevel}): an incident raises one alert, not a burst. During the refractory
 * period the delegate keeps learning and its scores are multiplied by {@code damping}. State: one
 * counter on top of the delegate's.
 */
public final class RefractoryDetector implements SeriesDetector, Serializable {

  private static final long serialVersionUID = 1L;

  private final SeriesDetector delegate;
  private final double alarmLevel;
  private final int refractoryPoints;
  private final double damping;
  private int quietFor;

  public RefractoryDetector(
      SeriesDetector delegate, double alarmLevel, int refractoryPoints, double damping) {
    if (!(alarmLevel > 0 && alarmLevel <= 1) || refractoryPoints < 0 || damping < 0) {
      throw new IllegalArgumentException("invalid config");
    }
    this.delegate = delegate;
    this.alarmLevel = alarmLevel;
    this.refractoryPoints = refractoryPoints;
    this.damping = damping;
  }

  @Override
  public String name() {
    return "refractory(" + delegate.name() + ")";
  }

  @Override
  public AnomalyScore update(long timestampMs, double value) {
    AnomalyScore s = delegate.update(timestampMs, value);
    if (quietFor > 0) {
      quietFor--;
      return new AnomalyScore(
          s.score() * damping, s.expected(), s.observed(), s.explanation() + " (refractory)");
    }
    if (s.score() >= alarmLevel) {
      quietFor = refractoryPoints;
    }
    return s;
  }
}
