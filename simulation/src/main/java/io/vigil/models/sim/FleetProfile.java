package io.vigil.models.sim;

import java.util.Map;
import java.util.Set;

/**
 * How a randomised fleet draws its functions (the {@code fleet:} section of a scenario): peak rates
 * log-uniform over [{@link #minRatePerSecond}, {@link #maxRatePerSecond}] with {@link
 * #lowTrafficShare} of the functions below 1 invocation/s, a per-function daily peak/trough ratio
 * uniform over [{@link #minPeakTrough}, {@link #maxPeakTrough}] and peak hour spread over the day,
 * every memory size, and the given shares of JSON logs and VPC attachment. Without it a scenario
 * keeps the classic fleet (4-250 invocations/min at peak, one diurnal shape).
 */
public class FleetProfile {
  static final Set<String> KEYS =
      Set.of(
          "minRatePerSecond",
          "maxRatePerSecond",
          "lowTrafficShare",
          "minPeakTrough",
          "maxPeakTrough",
          "jsonLogShare",
          "vpcShare");

  public double minRatePerSecond = 0.05;
  public double maxRatePerSecond = 30;
  public double lowTrafficShare = 0.6;
  public double minPeakTrough = 2;
  public double maxPeakTrough = 6;
  public double jsonLogShare = 0.2;
  public double vpcShare = 0.4;

  public FleetProfile() {}

  static FleetProfile parse(Object node, String where) {
    if (!(node instanceof Map<?, ?> m))
      throw new IllegalArgumentException(where + " must be a mapping");
    FleetProfile p = new FleetProfile();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String k = String.valueOf(e.getKey());
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException(
            where + ": unknown field '" + k + "' (expected one of " + KEYS + ")");
      }
      if (!(e.getValue() instanceof Number n) || !(n.doubleValue() >= 0)) {
        throw new IllegalArgumentException(where + "." + k + " must be a number >= 0");
      }
      double v = n.doubleValue();
      switch (k) {
        case "minRatePerSecond" -> p.minRatePerSecond = v;
        case "maxRatePerSecond" -> p.maxRatePerSecond = v;
        case "lowTrafficShare" -> p.lowTrafficShare = v;
        case "minPeakTrough" -> p.minPeakTrough = v;
        case "maxPeakTrough" -> p.maxPeakTrough = v;
        case "jsonLogShare" -> p.jsonLogShare = v;
        default -> p.vpcShare = v;
      }
    }
    p.validate(where);
    return p;
  }

  void validate(String where) {
    if (!(minRatePerSecond > 0 && minRatePerSecond <= maxRatePerSecond)) {
      throw new IllegalArgumentException(where + ": need 0 < minRatePerSecond <= maxRatePerSecond");
    }
    if (!(minPeakTrough >= 1 && minPeakTrough <= maxPeakTrough)) {
      throw new IllegalArgumentException(where + ": need 1 <= minPeakTrough <= maxPeakTrough");
    }
    for (double share : new double[] {lowTrafficShare, jsonLogShare, vpcShare}) {
      if (share > 1) throw new IllegalArgumentException(where + ": shares must be in [0, 1]");
    }
  }

  /** The YAML of this profile, as a scenario's {@code fleet:} section. */
  public String toYaml() {
    return String.format(
        java.util.Locale.ROOT,
        "fleet:%n  minRatePerSecond: %s%n  maxRatePerSecond: %s%n  lowTrafficShare: %s%n"
            + "  minPeakTrough: %s%n  maxPeakTrough: %s%n  jsonLogShare: %s%n  vpcShare: %s%n",
        minRatePerSecond,
        maxRatePerSecond,
        lowTrafficShare,
        minPeakTrough,
        maxPeakTrough,
        jsonLogShare,
        vpcShare);
  }

  /** Peak invocations per minute: log-uniform below or above 1/s, by the low-traffic share. */
  double drawPeakPerMinute(java.util.SplittableRandom r) {
    double lo = Math.min(1, maxRatePerSecond);
    double hi = Math.max(1, minRatePerSecond);
    boolean low = r.nextDouble() < lowTrafficShare;
    double a = low ? minRatePerSecond : hi;
    double b = low ? lo : maxRatePerSecond;
    return 60 * a * Math.pow(b / a, r.nextDouble());
  }
}
