package io.vigil.models.finding;

/** Finding severity; the numeric level follows ECS {@code event.severity} conventions (0-100). */
public enum Severity {
  LOW(21),
  MEDIUM(47),
  HIGH(73),
  CRITICAL(99);

  public final int ecsLevel;

  Severity(int ecsLevel) {
    this.ecsLevel = ecsLevel;
  }
}
