package io.vigil.models.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.models.finding.FindingType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioTest {
  @Test
  void defaultScenarioHasAllTenTypesOnDistinctFunctions() {
    Scenario s = Scenario.loadDefault();
    assertThat(s.incidents()).hasSize(10);
    Set<FindingType> types = new HashSet<>();
    for (Incident i : s.incidents()) {
      types.add(i.type);
      assertThat(i.startMinute).isBetween(90, 300);
      assertThat(i.durationMinutes).isBetween(20, 60);
      assertThat(i.magnitude).isPositive();
    }
    assertThat(types).hasSize(10).doesNotContain(FindingType.BUDGET_BURN);

    FleetSimulator sim = new FleetSimulator(new SimulationConfig());
    List<Incident> resolved = sim.incidents();
    assertThat(resolved.stream().map(i -> i.function).distinct()).hasSize(10);
    for (Incident i : resolved) {
      FunctionSpec f = sim.fleet().byName(i.function);
      assertThat(f).as(i.toString()).isNotNull();
      assertThat(i.startEpochMs)
          .isEqualTo(SimulationConfig.DEFAULT_START.toEpochMilli() + i.startMinute * 60_000L);
      assertThat(i.endEpochMs - i.startEpochMs).isEqualTo(i.durationMinutes * 60_000L);
      if (Incident.isNetwork(i.type)) {
        assertThat(f.vpcAttached).isTrue();
        assertThat(i.remoteIp).isNotNull();
      }
      System.out.println("demo incident: " + i);
    }
    // auto resolution is deterministic
    assertThat(new FleetSimulator(new SimulationConfig()).incidents()).isEqualTo(resolved);
  }

  @Test
  void loadsFileAndAppliesDefaults(@TempDir Path dir) throws Exception {
    Path p = dir.resolve("s.yaml");
    Files.writeString(
        p, "incidents:\n  - type: PORT_SCAN\n    startMinute: 5\n    durationMinutes: 10\n");
    Incident i = Scenario.load(p).incidents().get(0);
    assertThat(i.type).isEqualTo(FindingType.PORT_SCAN);
    assertThat(i.function).isEqualTo("auto");
    assertThat(i.magnitude).isEqualTo(Incident.defaultMagnitude(FindingType.PORT_SCAN));
    assertThat(Scenario.parse("").incidents()).isEmpty();
  }

  @Test
  void badInputNamesTheField() {
    String ok = "    startMinute: 5\n    durationMinutes: 10\n";
    assertError("incidents:\n  - type: FOO\n" + ok, "incidents[0].type", "unknown incident type");
    assertError("incidents:\n  - type: BUDGET_BURN\n" + ok, "unknown incident type 'BUDGET_BURN'");
    assertError("incidents:\n  - startMinute: 5\n", "incidents[0].type is required");
    assertError(
        "incidents:\n  - type: ERROR_STORM\n    durationMinutes: 10\n",
        "incidents[0].startMinute is required");
    assertError(
        "incidents:\n  - type: ERROR_STORM\n    startMinute: soon\n    durationMinutes: 10\n",
        "incidents[0].startMinute must be an integer");
    assertError(
        "incidents:\n  - type: ERROR_STORM\n    startMinute: 5\n    durationMinutes: 0\n",
        "incidents[0].durationMinutes must be >= 1");
    assertError(
        "incidents:\n  - type: ERROR_STORM\n" + ok + "    magnitude: -2\n",
        "incidents[0].magnitude must be > 0");
    assertError(
        "incidents:\n  - type: ERROR_STORM\n" + ok + "    magnitude: big\n",
        "incidents[0].magnitude must be a number");
    assertError(
        "incidents:\n  - type: ERROR_STORM\n" + ok + "    strat: 3\n",
        "incidents[0]: unknown field 'strat'");
    assertError("incidnets: []\n", "unknown top-level field 'incidnets'");
    assertError("- a\n- b\n", "top level must be a mapping");
    assertError("incidents: 3\n", "'incidents' must be a list");
    assertError("incidents: [\n", "invalid YAML");
  }

  @Test
  void resolutionErrorsNameTheFunction() {
    Scenario unknown =
        Scenario.parse(
            "incidents:\n  - type: ERROR_STORM\n    function: nope\n"
                + "    startMinute: 5\n    durationMinutes: 10\n");
    assertThatThrownBy(() -> new FleetSimulator(new SimulationConfig(), unknown))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("incidents[0].function")
        .hasMessageContaining("'nope'");
    String noVpc =
        new Fleet(42, 50)
            .functions().stream().filter(f -> !f.vpcAttached).findFirst().orElseThrow().name;
    Scenario net =
        Scenario.parse(
            "incidents:\n  - type: CRYPTO_MINING\n    function: "
                + noVpc
                + "\n    startMinute: 5\n    durationMinutes: 10\n");
    assertThatThrownBy(() -> new FleetSimulator(new SimulationConfig(), net))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a VPC-attached function");
  }

  private static void assertError(String yaml, String... fragments) {
    var a =
        assertThatThrownBy(() -> Scenario.parse(yaml)).isInstanceOf(IllegalArgumentException.class);
    for (String f : fragments) a.hasMessageContaining(f);
  }
}
