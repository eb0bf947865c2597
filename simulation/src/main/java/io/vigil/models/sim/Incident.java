package io.vigil.models.sim;

import io.vigil.models.finding.FindingType;
import java.util.Objects;

/**
 * One injected incident. As read from a scenario, {@link #function} may be {@code auto} and the
 * absolute times are 0; {@link FleetSimulator#incidents()} returns resolved copies (ground truth).
 *
 * <p>Meaning of {@link #magnitude} per type (default in brackets): INVOCATION_SPIKE rate multiplier
 * [8]; RECURSIVE_LOOP rate cap reached by doubling every {@value #RECURSION_DOUBLING_MINUTES}
 * minutes [64]; ERROR_STORM share of failing invocations [0.5]; TIMEOUT_STORM share of timeouts
 * [0.4]; DURATION_REGRESSION duration multiplier [3]; MEMORY_OVERPROVISIONED ratio configured /
 * used memory, configured 3008 MB [20, i.e. ~150 MB used]; CRYPTO_MINING MB per minute to the pool
 * [2]; EGRESS_EXFILTRATION egress multiplier [50]; PORT_SCAN distinct ports probed per minute
 * [150]; COST_SPIKE duration (GB-second) multiplier [6].
 */
public class Incident {
  public static final String AUTO = "auto";
  public static final int RECURSION_DOUBLING_MINUTES = 3;

  public FindingType type;

  /** Function name, or {@value #AUTO} before resolution. */
  public String function = AUTO;

  /** Fleet minutes after simulation start. */
  public int startMinute;

  public int durationMinutes;

  /** Type-specific magnitude; see the class comment. */
  public double magnitude;

  /** Resolved: absolute start (inclusive) and end (exclusive), epoch ms. */
  public long startEpochMs;

  public long endEpochMs;

  /** Resolved network incidents: the remote address and port involved. */
  public String remoteIp;

  public int remotePort;

  public Incident() {}

  public Incident(
      FindingType type, String function, int startMinute, int durationMinutes, double magnitude) {
    this.type = type;
    this.function = function;
    this.startMinute = startMinute;
    this.durationMinutes = durationMinutes;
    this.magnitude = magnitude;
  }

  public int endMinute() {
    return startMinute + durationMinutes;
  }

  public boolean activeAt(long minuteIndex) {
    return minuteIndex >= startMinute && minuteIndex < endMinute();
  }

  public static double defaultMagnitude(FindingType type) {
    return switch (type) {
      case INVOCATION_SPIKE -> 8;
      case RECURSIVE_LOOP -> 64;
      case ERROR_STORM -> 0.5;
      case TIMEOUT_STORM -> 0.4;
      case DURATION_REGRESSION -> 3;
      case MEMORY_OVERPROVISIONED -> 20;
      case CRYPTO_MINING -> 2;
      case EGRESS_EXFILTRATION -> 50;
      case PORT_SCAN -> 150;
      case COST_SPIKE -> 6;
      default ->
          throw new IllegalArgumentException("finding type " + type + " is not an incident type");
    };
  }

  public static boolean isNetwork(FindingType type) {
    return type == FindingType.CRYPTO_MINING
        || type == FindingType.EGRESS_EXFILTRATION
        || type == FindingType.PORT_SCAN;
  }

  public Incident copy() {
    Incident c = new Incident(type, function, startMinute, durationMinutes, magnitude);
    c.startEpochMs = startEpochMs;
    c.endEpochMs = endEpochMs;
    c.remoteIp = remoteIp;
    c.remotePort = remotePort;
    return c;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Incident i)) return false;
    return startMinute == i.startMinute
        && durationMinutes == i.durationMinutes
        && Double.compare(magnitude, i.magnitude) == 0
        && startEpochMs == i.startEpochMs
        && endEpochMs == i.endEpochMs
        && remotePort == i.remotePort
        && type == i.type
        && Objects.equals(function, i.function)
        && Objects.equals(remoteIp, i.remoteIp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, function, startMinute);
  }

  @Override
  public String toString() {
    return type
        + " on "
        + function
        + " minutes ["
        + startMinute
        + ","
        + endMinute()
        + ") x"
        + magnitude
        + (remoteIp != null ? " remote " + remoteIp + ":" + remotePort : "");
  }
}
