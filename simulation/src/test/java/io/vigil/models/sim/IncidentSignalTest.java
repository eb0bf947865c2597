package io.vigil.models.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.finding.FindingType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every incident type visibly changes its function's raw signal inside its window. */
class IncidentSignalTest {
  static final int START = 30;
  static final int DURATION = 20;
  static final int MINUTES = START + DURATION + 5;

  static FleetSimulator sim;
  static final Map<FindingType, Incident> byType = new EnumMap<>(FindingType.class);

  /** Decoded records per fleet minute. */
  static final List<SimDecoding.Batch> perMinute = new ArrayList<>();

  @BeforeAll
  static void simulate() {
    StringBuilder yaml = new StringBuilder("incidents:\n");
    for (FindingType t : RandomIncidents.TYPES) { // every injectable incident type
      yaml.append("  - type: ").append(t).append("\n    startMinute: ").append(START);
      yaml.append("\n    durationMinutes: ").append(DURATION).append('\n');
    }
    sim =
        new FleetSimulator(
            new SimulationConfig().start(Instant.parse("2025-11-20T12:00:00Z")),
            Scenario.parse(yaml.toString()));
    for (Incident i : sim.incidents()) byType.put(i.type, i);
    for (int m = 0; m < MINUTES; m++) {
      SimDecoding.Batch b = new SimDecoding.Batch();
      b.add(sim.nextMinute());
      perMinute.add(b);
    }
  }

  /** Mean per minute of a per-minute measure over [from, to). */
  static double mean(int from, int to, ToDoubleFunction<SimDecoding.Batch> f) {
    double s = 0;
    for (int m = from; m < to; m++) s += f.applyAsDouble(perMinute.get(m));
    return s / (to - from);
  }

  static ToDoubleFunction<SimDecoding.Batch> reports(String fn, Predicate<SimDecoding.Report> p) {
    return b -> b.reports.stream().filter(r -> r.function.equals(fn)).filter(p).count();
  }

  static double before(ToDoubleFunction<SimDecoding.Batch> f) {
    return mean(0, START, f);
  }

  static double during(ToDoubleFunction<SimDecoding.Batch> f) {
    return mean(START, START + DURATION, f);
  }

  static String fn(FindingType t) {
    return byType.get(t).function;
  }

  @Test
  void invocationSpike() {
    var count = reports(fn(FindingType.INVOCATION_SPIKE), r -> true);
    assertThat(during(count)).isGreaterThan(5 * before(count));
  }

  @Test
  void recursiveLoopGrowsExponentiallyAndSelfInvokes() {
    String f = fn(FindingType.RECURSIVE_LOOP);
    var count = reports(f, r -> true);
    double base = before(count);
    assertThat(mean(START, START + 3, count)).isLessThan(mean(START + 6, START + 9, count));
    assertThat(mean(START + DURATION - 3, START + DURATION, count)).isGreaterThan(20 * base);
    assertThat(before(reports(f, r -> r.selfInvoke))).isZero();
    assertThat(during(reports(f, r -> r.selfInvoke))).isEqualTo(during(count));
  }

  @Test
  void errorStorm() {
    String f = fn(FindingType.ERROR_STORM);
    double share = during(reports(f, r -> r.error)) / during(reports(f, r -> true));
    double baseShare = before(reports(f, r -> r.error)) / before(reports(f, r -> true));
    assertThat(share).isBetween(0.35, 0.65);
    assertThat(baseShare).isLessThan(0.05);
  }

  @Test
  void timeoutStorm() {
    String f = fn(FindingType.TIMEOUT_STORM);
    FunctionSpec spec = sim.fleet().byName(f);
    double share = during(reports(f, r -> r.timedOut)) / during(reports(f, r -> true));
    assertThat(share).isBetween(0.25, 0.55);
    assertThat(before(reports(f, r -> r.timedOut))).isLessThan(0.1);
    double at = during(reports(f, r -> r.timedOut && r.durationMs == spec.timeoutSeconds * 1000.0));
    assertThat(at).isEqualTo(during(reports(f, r -> r.timedOut)));
    assertThat(perMinute.stream().mapToInt(b -> b.timeoutLines).sum()).isPositive();
  }

  @Test
  void durationRegressionWithNewVersion() {
    String f = fn(FindingType.DURATION_REGRESSION);
    double b = before(reports(f, r -> true));
    double durBefore = before(sumOf(f, r -> r.durationMs)) / b;
    double durDuring = during(sumOf(f, r -> r.durationMs)) / during(reports(f, r -> true));
    assertThat(durDuring).isGreaterThan(2.2 * durBefore);
    var versionsBefore =
        perMinute.subList(0, START).stream()
            .flatMap(x -> x.reports.stream())
            .filter(r -> r.function.equals(f))
            .map(r -> r.version)
            .distinct()
            .toList();
    var versionsDuring =
        perMinute.subList(START, START + DURATION).stream()
            .flatMap(x -> x.reports.stream())
            .filter(r -> r.function.equals(f))
            .map(r -> r.version)
            .distinct()
            .toList();
    assertThat(versionsBefore).hasSize(1);
    assertThat(versionsDuring).hasSize(1).doesNotContainAnyElementsOf(versionsBefore);
  }

  @Test
  void memoryOverprovisionedFromMinuteZero() {
    String f = fn(FindingType.MEMORY_OVERPROVISIONED);
    var all = perMinute.stream().flatMap(b -> b.reports.stream()).filter(r -> r.function.equals(f));
    assertThat(all.toList())
        .isNotEmpty()
        .allMatch(r -> r.memoryMb == 3008 && r.usedMb < 200 && r.usedMb > 100);
    assertThat(perMinute.get(0).reports.stream().filter(r -> r.function.equals(f))).isNotEmpty();
  }

  @Test
  void cryptoMiningFlowsToPoolPort() {
    Incident i = byType.get(FindingType.CRYPTO_MINING);
    String eni = sim.fleet().byName(i.function).eniId;
    assertThat(i.remotePort).isIn(3333, 4444, 5555, 14444);
    ToDoubleFunction<SimDecoding.Batch> pool =
        b ->
            b.flows.stream()
                .filter(x -> x.eni().equals(eni) && x.dstPort() == i.remotePort)
                .mapToLong(SimDecoding.Flow::bytes)
                .sum();
    assertThat(before(pool)).isZero();
    assertThat(during(pool)).isGreaterThan(1_000_000);
    for (int m = START; m < START + DURATION; m++) {
      assertThat(pool.applyAsDouble(perMinute.get(m))).as("minute %d", m).isPositive();
    }
  }

  @Test
  void egressExfiltrationToNewIp() {
    Incident i = byType.get(FindingType.EGRESS_EXFILTRATION);
    FunctionSpec spec = sim.fleet().byName(i.function);
    ToDoubleFunction<SimDecoding.Batch> egress =
        b ->
            b.flows.stream()
                .filter(x -> x.eni().equals(spec.eniId) && spec.privateIp.equals(x.src()))
                .mapToLong(SimDecoding.Flow::bytes)
                .sum();
    assertThat(during(egress)).isGreaterThan(20 * before(egress));
    ToDoubleFunction<SimDecoding.Batch> toRemote =
        b -> b.flows.stream().filter(x -> i.remoteIp.equals(x.dst())).count();
    assertThat(before(toRemote)).isZero();
    assertThat(during(toRemote)).isEqualTo(1.0);
    assertThat(i.remotePort).isEqualTo(443);
  }

  @Test
  void portScanRejectsManyDistinctPorts() {
    Incident i = byType.get(FindingType.PORT_SCAN);
    String eni = sim.fleet().byName(i.function).eniId;
    ToDoubleFunction<SimDecoding.Batch> ports =
        b ->
            b.flows.stream()
                .filter(x -> x.eni().equals(eni) && x.action().equals("REJECT"))
                .filter(x -> i.remoteIp.equals(x.src()))
                .mapToInt(SimDecoding.Flow::dstPort)
                .distinct()
                .count();
    assertThat(before(ports)).isZero();
    assertThat(during(ports)).isGreaterThanOrEqualTo(100);
  }

  @Test
  void costSpikeMultipliesGbSecondsNotCount() {
    String f = fn(FindingType.COST_SPIKE);
    FunctionSpec spec = sim.fleet().byName(f);
    var gbs = sumOf(f, r -> r.billedMs / 1000.0 * spec.memorySizeMb / 1024.0);
    var count = reports(f, r -> true);
    double perInvBefore = before(gbs) / before(count);
    double perInvDuring = during(gbs) / during(count);
    assertThat(perInvDuring).isGreaterThan(4 * perInvBefore);
    assertThat(during(count)).isBetween(0.5 * before(count), 2.0 * before(count));
  }

  @Test
  void incidentsAreOnDistinctSuitableFunctions() {
    assertThat(byType).hasSize(10);
    assertThat(byType.values().stream().map(i -> i.function).distinct()).hasSize(10);
    // the fleet stays quiet outside the incident functions: no REJECT flows anywhere else
    String scanEni = sim.fleet().byName(fn(FindingType.PORT_SCAN)).eniId;
    assertThat(
            perMinute.stream()
                .flatMap(b -> b.flows.stream())
                .filter(x -> x.action().equals("REJECT"))
                .allMatch(x -> x.eni().equals(scanEni)))
        .isTrue();
  }

  static ToDoubleFunction<SimDecoding.Batch> sumOf(
      String fn, ToDoubleFunction<SimDecoding.Report> v) {
    return b -> b.reports.stream().filter(r -> r.function.equals(fn)).mapToDouble(v).sum();
  }
}
