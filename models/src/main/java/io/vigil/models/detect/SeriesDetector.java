package io.vigil.models.detect;

/**
 * A stateful anomaly detector for one scalar time series (one function/metric key).
 *
 * <p>Implementations see each point once, in timestamp order, and return a score for it before
 * learning from it. Per-instance state is meant to be small (fixed-size arrays, no per-point
 * history) so one instance can live in Flink keyed state; exceptions say so in their Javadoc.
 */
public interface SeriesDetector {

  /** Scores {@code value} observed at {@code timestampMs} (epoch millis, UTC), then learns it. */
  AnomalyScore update(long timestampMs, double value);

  /** Short stable name, used in reports. */
  String name();
}
