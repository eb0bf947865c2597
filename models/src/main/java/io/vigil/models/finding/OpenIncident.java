package io.vigil.models.finding;

/** State of one open incident of a (function, type); a Flink POJO kept in keyed map state. */
public class OpenIncident {
  public String incidentId;
  public String type;
  public long openedAt;
  public long lastEmittedBucket;
  public int bucketsSinceEmit;
  public int normalStreak;
  public double peakScore;
  public String severity;

  /** The last finding emitted, so RESOLVED can restate what was wrong. */
  public double lastObserved;

  public double lastExpected;
  public String unit;

  public OpenIncident() {}
}
