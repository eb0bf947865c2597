package io.vigil.models.sim;

import io.vigil.models.finding.FindingType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Binds a scenario's incidents to fleet functions: resolves {@code auto}, validates named
 * functions, computes absolute times and remote endpoints, and applies static properties
 * (MEMORY_OVERPROVISIONED changes the function's configuration for the whole run).
 */
final class IncidentResolver {
  static final int[] MINING_PORTS = {3333, 4444, 5555, 14444};
  static final int OVERPROVISIONED_MEMORY_MB = 3008;

  private IncidentResolver() {}

  static List<Incident> resolve(
      Scenario scenario, List<FunctionSpec> specs, long seed, long startMs) {
    List<Incident> in = scenario.incidents();
    Incident[] out = new Incident[in.size()];
    Set<String> used = new HashSet<>();
    // named functions first, so auto picks avoid them
    for (int i = 0; i < in.size(); i++) {
      Incident inc = in.get(i);
      if (Incident.AUTO.equals(inc.function)) continue;
      FunctionSpec f =
          specs.stream().filter(s -> s.name.equals(inc.function)).findFirst().orElse(null);
      String where = "scenario incidents[" + i + "].function";
      if (f == null) {
        throw new IllegalArgumentException(
            where + ": unknown function '" + inc.function + "' (not in the simulated fleet)");
      }
      if (Incident.isNetwork(inc.type) && !f.vpcAttached) {
        throw new IllegalArgumentException(
            where + ": " + inc.type + " needs a VPC-attached function, '" + f.name + "' is not");
      }
      used.add(f.name);
      out[i] = bind(inc, f, i, seed, startMs);
    }
    for (int i = 0; i < in.size(); i++) {
      Incident inc = in.get(i);
      if (!Incident.AUTO.equals(inc.function)) continue;
      FunctionSpec f = pick(inc, specs, used, seed);
      if (f == null) {
        throw new IllegalArgumentException(
            "scenario incidents["
                + i
                + "].function: no suitable function for "
                + inc.type
                + " in a fleet of "
                + specs.size());
      }
      used.add(f.name);
      out[i] = bind(inc, f, i, seed, startMs);
    }
    return List.of(out);
  }

  private static Incident bind(Incident inc, FunctionSpec f, int i, long seed, long startMs) {
    Incident r = inc.copy();
    r.function = f.name;
    r.startEpochMs = startMs + inc.startMinute * 60_000L;
    r.endEpochMs = r.startEpochMs + inc.durationMinutes * 60_000L;
    long h = FleetSimulator.mix(seed, 7919L * (i + 1));
    int a = 10 + (int) ((h >>> 8) & 0x7F);
    switch (inc.type) {
      case CRYPTO_MINING -> {
        r.remoteIp = "198.51.100." + a;
        r.remotePort = MINING_PORTS[(int) ((h >>> 20) & 0xFF) % MINING_PORTS.length];
      }
      case EGRESS_EXFILTRATION -> {
        r.remoteIp = "203.0.113." + a;
        r.remotePort = 443;
      }
      case PORT_SCAN -> r.remoteIp = "192.0.2." + a;
      case MEMORY_OVERPROVISIONED -> {
        f.memorySizeMb = OVERPROVISIONED_MEMORY_MB;
        f.typicalMemoryUsedMb =
            (int) Math.max(32, Math.round(OVERPROVISIONED_MEMORY_MB / inc.magnitude));
      }
      case DURATION_REGRESSION -> {
        if (!f.version.chars().allMatch(Character::isDigit)) {
          f.version = Integer.toString(3 + (int) ((h >>> 12) & 0x1F));
        }
      }
      default -> {}
    }
    return r;
  }

  /** Deterministic choice: scan the fleet from a seed- and type-dependent offset. */
  private static FunctionSpec pick(
      Incident inc, List<FunctionSpec> specs, Set<String> used, long seed) {
    FindingType t = inc.type;
    boolean net = Incident.isNetwork(t);
    Predicate<FunctionSpec> required = f -> !used.contains(f.name) && (!net || f.vpcAttached);
    Predicate<FunctionSpec> preferred = required.and(f -> suits(f, inc));
    Predicate<FunctionSpec> placement = f -> net || !f.vpcAttached;
    int offset = (int) Math.floorMod(FleetSimulator.mix(seed, t.ordinal() + 101), specs.size());
    for (Predicate<FunctionSpec> p : List.of(preferred.and(placement), preferred, required)) {
      for (int k = 0; k < specs.size(); k++) {
        FunctionSpec f = specs.get((offset + k) % specs.size());
        if (p.test(f)) return f;
      }
    }
    return null;
  }

  private static boolean suits(FunctionSpec f, Incident inc) {
    double rate = f.peakInvocationsPerMinute;
    double budget = f.timeoutSeconds * 1000.0;
    return switch (inc.type) {
      case INVOCATION_SPIKE -> rate >= 10 && rate <= 80;
      case RECURSIVE_LOOP -> rate >= 5 && rate <= 40;
      case TIMEOUT_STORM -> rate >= 15 && f.timeoutSeconds <= 30 && !f.jsonLogFormat;
      case ERROR_STORM -> rate >= 15;
      case DURATION_REGRESSION, COST_SPIKE ->
          rate >= 15 && f.medianDurationMs * inc.magnitude * 4 < budget;
      case MEMORY_OVERPROVISIONED -> rate >= 10 && !f.jsonLogFormat;
      default -> rate >= 10;
    };
  }
}
