package io.vigil.models.sim;

import io.vigil.models.finding.FindingType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Randomised evaluation scenarios: a randomised fleet ({@link FleetProfile}) with incidents of
 * every type on distinct functions at random times, each magnitude drawn log-uniformly over {@link
 * #range} (from well below what a detector can see to far above it). The same seed gives the same
 * scenario.
 */
public final class RandomIncidents {
  /** Incident types in the order they are placed. */
  public static final List<FindingType> TYPES =
      List.of(
          FindingType.INVOCATION_SPIKE,
          FindingType.RECURSIVE_LOOP,
          FindingType.ERROR_STORM,
          FindingType.TIMEOUT_STORM,
          FindingType.DURATION_REGRESSION,
          FindingType.MEMORY_OVERPROVISIONED,
          FindingType.CRYPTO_MINING,
          FindingType.EGRESS_EXFILTRATION,
          FindingType.PORT_SCAN,
          FindingType.COST_SPIKE);

  /** First minute an incident may start (detectors learn before it). */
  public static final int FIRST_START_MINUTE = 75;

  private RandomIncidents() {}

  /** Log-uniform magnitude range per type; see {@link Incident} for each magnitude's meaning. */
  public static double[] range(FindingType t) {
    return switch (t) {
      case INVOCATION_SPIKE -> new double[] {1.2, 20};
      case RECURSIVE_LOOP -> new double[] {3, 128};
      case ERROR_STORM -> new double[] {0.005, 0.6};
      case TIMEOUT_STORM -> new double[] {0.005, 0.5};
      case DURATION_REGRESSION -> new double[] {1.1, 5};
      case MEMORY_OVERPROVISIONED -> new double[] {1.5, 30};
      case CRYPTO_MINING -> new double[] {0.005, 5};
      case EGRESS_EXFILTRATION -> new double[] {1.5, 100};
      case PORT_SCAN -> new double[] {2, 300};
      case COST_SPIKE -> new double[] {1.2, 10};
      default -> throw new IllegalArgumentException(t + " is not an incident type");
    };
  }

  /**
   * @param perType incidents of each type (0 = an incident-free fleet)
   * @return scenario YAML: the fleet profile plus named incidents
   */
  public static String scenarioYaml(
      long seed, int functions, long minutes, int perType, FleetProfile profile) {
    StringBuilder sb = new StringBuilder(profile.toYaml()).append("incidents:\n");
    if (perType == 0) return sb.append("  []\n").toString();
    Fleet fleet = new Fleet(seed, functions, profile.jsonLogShare, profile);
    SplittableRandom r = new SplittableRandom(seed ^ 0x1AC1DE47L);
    List<FunctionSpec> free = new ArrayList<>(fleet.functions());
    int latestStart = (int) Math.max(FIRST_START_MINUTE + 1, minutes - 45);
    for (int k = 0; k < perType; k++) {
      for (FindingType t : TYPES) {
        FunctionSpec f = pick(free, Incident.isNetwork(t), r);
        if (f == null) continue; // fleet too small: fewer incidents of this type
        free.remove(f);
        double[] range = range(t);
        double mag = range[0] * Math.pow(range[1] / range[0], r.nextDouble());
        int start = FIRST_START_MINUTE + r.nextInt(latestStart - FIRST_START_MINUTE);
        int duration = 15 + r.nextInt(26);
        sb.append(
            String.format(
                Locale.ROOT,
                "  - {type: %s, function: '%s', startMinute: %d, durationMinutes: %d,"
                    + " magnitude: %.4g}%n",
                t,
                f.name,
                start,
                (int) Math.min(duration, Math.max(1, minutes - start)),
                mag));
      }
    }
    return sb.toString();
  }

  private static FunctionSpec pick(List<FunctionSpec> free, boolean vpc, SplittableRandom r) {
    List<FunctionSpec> ok = new ArrayList<>();
    for (FunctionSpec f : free) if (f.vpcAttached == vpc) ok.add(f);
    if (ok.isEmpty() && !vpc) ok.addAll(free);
    return ok.isEmpty() ? null : ok.get(r.nextInt(ok.size()));
  }
}
