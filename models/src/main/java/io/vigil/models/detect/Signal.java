package io.vigil.models.detect;

import io.vigil.models.finding.FindingType;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One detector's verdict on one bucket: anomalous (with score and evidence) for a finding type.
 *
 * <p>The explanation can be given as a supplier, formatted only when asked for: a recommendation is
 * signalled on every bucket while it holds, but the incident tracker emits a finding (and reads the
 * text) only when the advice changes; formatting it every bucket was ~12% of the detect thread. A
 * supplier must capture values, not mutable state.
 */
public final class Signal {
  private final FindingType type;
  private final String detector;
  private final double score;
  private final double observed;
  private final double expected;
  private final String unit;
  private final double impactUsdPerHour;
  private final String destinationIp;
  private final int destinationPort;
  private Supplier<String> explain;
  private String explanation;

  public Signal(
      FindingType type,
      String detector,
      double score,
      double observed,
      double expected,
      String unit,
      double impactUsdPerHour,
      String destinationIp,
      int destinationPort,
      String explanation) {
    this(
        type,
        detector,
        score,
        observed,
        expected,
        unit,
        impactUsdPerHour,
        destinationIp,
        destinationPort,
        (Supplier<String>) null);
    this.explanation = explanation;
  }

  public Signal(
      FindingType type,
      String detector,
      double score,
      double observed,
      double expected,
      String unit,
      double impactUsdPerHour,
      String destinationIp,
      int destinationPort,
      Supplier<String> explain) {
    this.type = type;
    this.detector = detector;
    this.score = score;
    this.observed = observed;
    this.expected = expected;
    this.unit = unit;
    this.impactUsdPerHour = impactUsdPerHour;
    this.destinationIp = destinationIp;
    this.destinationPort = destinationPort;
    this.explain = explain;
  }

  public FindingType type() {
    return type;
  }

  public String detector() {
    return detector;
  }

  public double score() {
    return score;
  }

  public double observed() {
    return observed;
  }

  public double expected() {
    return expected;
  }

  public String unit() {
    return unit;
  }

  public double impactUsdPerHour() {
    return impactUsdPerHour;
  }

  public String destinationIp() {
    return destinationIp;
  }

  public int destinationPort() {
    return destinationPort;
  }

  /** The explanation, formatted at the first call when given as a supplier. */
  public String explanation() {
    if (explain != null) {
      explanation = explain.get();
      explain = null;
    }
    return explanation;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof Signal s)) return false;
    return type == s.type
        && Objects.equals(detector, s.detector)
        && Double.compare(score, s.score) == 0
        && Double.compare(observed, s.observed) == 0
        && Double.compare(expected, s.expected) == 0
        && Objects.equals(unit, s.unit)
        && Double.compare(impactUsdPerHour, s.impactUsdPerHour) == 0
        && Objects.equals(destinationIp, s.destinationIp)
        && destinationPort == s.destinationPort
        && Objects.equals(explanation(), s.explanation());
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, detector, score, observed, expected, unit, explanation());
  }

  @Override
  public String toString() {
    return "Signal[type="
        + type
        + ", detector="
        + detector
        + ", score="
        + score
        + ", observed="
        + observed
        + ", expected="
        + expected
        + ", unit="
        + unit
        + ", impactUsdPerHour="
        + impactUsdPerHour
        + ", destinationIp="
        + destinationIp
        + ", destinationPort="
        + destinationPort
        + ", explanation="
        + explanation()
        + "]";
  }
}
