package io.vigil.models.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.models.finding.FindingType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomFleetTest {
  @Test
  void profileDrawsWideRangesLowTrafficHeavy() {
    FleetProfile p = new FleetProfile();
    Fleet fleet = new Fleet(9, 400, p.jsonLogShare, p);
    int low = 0, vpc = 0, json = 0;
    Set<Integer> memory = new HashSet<>();
    for (FunctionSpec f : fleet.functions()) {
      double perSecond = f.peakInvocationsPerMinute / 60;
      assertThat(perSecond).isBetween(0.05, 30.0);
      assertThat(f.peakTroughRatio).isBetween(2.0, 6.0);
      if (perSecond < 1) low++;
      if (f.vpcAttached) {
        vpc++;
        assertThat(f.eniId).startsWith("eni-0");
        assertThat(f.usualDestinations).isNotEmpty();
      } else assertThat(f.eniId).isNull();
      if (f.jsonLogFormat) json++;
      memory.add(f.memorySizeMb);
    }
    assertThat(low).isBetween(200, 280); // 60%
    assertThat(vpc).isBetween(120, 200); // 40%
    assertThat(json).isBetween(50, 110); // 20%
    assertThat(memory).hasSize(Fleet.MEMORY_SIZES.length);
  }

  @Test
  void classicFleetIsUnchangedWithoutAProfile() {
    Fleet a = new Fleet(42, 50);
    Fleet b = new Fleet(42, 50, 0.2, null);
    assertThat(b.functions().toString()).isEqualTo(a.functions().toString());
    assertThat(FleetSimulator.seasonalFactor(1_000_000_000L))
        .isEqualTo(FleetSimulator.seasonalFactor(1_000_000_000L, 5, 15), within(1e-12));
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  @Test
  void randomScenarioPlacesEveryTypeOnDistinctSuitableFunctions() {
    FleetProfile p = new FleetProfile();
    String yaml = RandomIncidents.scenarioYaml(5, 40, 200, 2, p);
    Scenario s = Scenario.parse(yaml);
    assertThat(s.fleet()).isNotNull();
    SimulationConfig cfg = new SimulationConfig();
    cfg.seed = 5;
    cfg.functions = 40;
    cfg.scenarioYaml = yaml;
    FleetSimulator sim = new FleetSimulator(cfg);
    List<Incident> incidents = sim.incidents();
    assertThat(incidents).hasSize(20);
    assertThat(incidents.stream().map(i -> i.function).distinct()).hasSize(20);
    for (Incident i : incidents) {
      double[] range = RandomIncidents.range(i.type);
      assertThat(i.magnitude).isBetween(range[0] * 0.999, range[1] * 1.001);
      assertThat(i.startMinute).isGreaterThanOrEqualTo(RandomIncidents.FIRST_START_MINUTE);
      if (Incident.isNetwork(i.type))
        assertThat(sim.fleet().byName(i.function).vpcAttached).isTrue();
    }
    assertThat(incidents.stream().map(i -> i.type).distinct())
        .hasSize(RandomIncidents.TYPES.size())
        .doesNotContain(FindingType.BUDGET_BURN);
    // The simulator's fleet is the profile's fleet (what the job's ENI map is built from).
    assertThat(sim.fleet().functions().get(0).peakTroughRatio).isNotEqualTo(5.0);
  }

  @Test
  void incidentFreeScenarioAndBadProfilesAreRejectedClearly() {
    assertThat(
            Scenario.parse(RandomIncidents.scenarioYaml(1, 10, 100, 0, new FleetProfile()))
                .incidents())
        .isEmpty();
    assertThatThrownBy(
            () -> Scenario.parse("fleet:\n  minRatePerSecond: 5\n  maxRatePerSecond: 1\n"))
        .hasMessageContaining("minRatePerSecond");
    assertThatThrownBy(() -> Scenario.parse("fleet:\n  bogus: 1\n"))
        .hasMessageContaining("unknown field 'bogus'");
  }
}
