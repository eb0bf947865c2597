package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.eval.IncidentScore;
import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.VigilOptions;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import io.vigil.operators.sink.JsonLinesFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a MiniCluster over 330 minutes of the simulated fleet (as fast as possible),
 * with corrupted records mixed in: every injected incident type must be found, nothing else, and
 * bad records must land in the dead letters while the job finishes normally.
 */
class VigilJobEndToEndITCase {
  private static final long SEED = 42;
  private static final int FUNCTIONS = 50;
  private static final long MINUTES = 330;

  @TempDir static Path out;
  static IncidentScore score;

  @BeforeAll
  static void runJob() throws Exception {
    Configuration conf = new Configuration();
    conf.set(VigilOptions.SIM_SEED, SEED);
    conf.set(VigilOptions.SIM_FUNCTIONS, FUNCTIONS);
    conf.set(VigilOptions.SIM_MINUTES, MINUTES);
    conf.set(VigilOptions.SIM_CLOCK_FACTOR, 0.0);
    conf.set(VigilOptions.SIM_CORRUPT_EVERY, 200);
    conf.set(VigilOptions.OUTPUT_DIR, out.toString());
    conf.set(VigilOptions.CONSOLE, false);
    LocalRunner.runBounded(conf);

    SimulationConfig sim = new SimulationConfig();
    sim.seed = SEED;
    sim.functions = FUNCTIONS;
    FleetSimulator truth = new FleetSimulator(sim);
    score =
        IncidentScore.score(
            JsonLinesFiles.read(out, "findings", Finding.class),
            truth.incidents(),
            truth.currentMinuteStart(),
            60_000,
            FUNCTIONS * MINUTES / 60.0);
  }

  static <T> List<T> read(String output, Class<T> type) {
    return JsonLinesFiles.read(out, output, type);
  }

  @Test
  void findsEveryInjectedIncidentTypeAndRaisesNoFalseAlarm() {
    Set<FindingType> detected =
        score.detections.stream()
            .filter(IncidentScore.Detection::detected)
            .map(d -> d.incident().type)
            .collect(Collectors.toSet());
    Set<FindingType> injected = Set.copyOf(io.vigil.models.sim.RandomIncidents.TYPES);
    assertThat(detected).as(score.table()).isEqualTo(injected);
    assertThat(score.falseAlarms).as(score.table()).isEmpty();
  }

  @Test
  void findingsAreExplainedAndHaveStableIds() throws Exception {
    List<Finding> findings = read("findings", Finding.class);
    assertThat(findings).isNotEmpty();
    assertThat(findings)
        .allSatisfy(
            f -> {
              assertThat(f.explanation).isNotBlank();
              assertThat(f.id).isNotBlank();
              assertThat(f.incidentId).isNotBlank();
              assertThat(f.windowEnd).isGreaterThan(f.windowStart);
            });
    // The JSONL sink is at-least-once: after a failover a finding may repeat, but an id always
    // names the same finding (that is what lets Elasticsearch overwrite instead of duplicate).
    Map<String, List<Finding>> byId = findings.stream().collect(Collectors.groupingBy(f -> f.id));
    assertThat(byId.values())
        .allSatisfy(same -> assertThat(same).allMatch(f -> f.equals(same.get(0))));
    assertThat(
            byId.keySet().stream()
                .map(
                    id ->
                        byId.get(id).get(0).incidentId
                            + "/"
                            + byId.get(id).get(0).status
                            + "/"
                            + byId.get(id).get(0).windowStart)
                .distinct()
                .count())
        .isEqualTo(byId.size());
  }

  @Test
  void badRecordsAreDeadLetteredWithReasons() throws Exception {
    List<DeadLetter> dead = read("dead-letters", DeadLetter.class);
    assertThat(dead).extracting(d -> d.reason).contains("bad-gzip", "truncated-report");
    assertThat(dead)
        .allSatisfy(
            d -> {
              assertThat(d.stream).isEqualTo("LAMBDA_LOGS");
              assertThat(d.sequenceNumber).isNotBlank();
              assertThat(d.rawBase64).isNotBlank();
            });
  }

  @Test
  void writesMetricsAndDryRunActions() throws Exception {
    List<MetricBucket> metrics = read("metrics", MetricBucket.class);
    assertThat(metrics.stream().map(m -> m.functionName).distinct().count())
        .isGreaterThanOrEqualTo(FUNCTIONS);
    assertThat(metrics).anySatisfy(m -> assertThat(m.egressBytes).isPositive());
    assertThat(metrics).anySatisfy(m -> assertThat(m.billedCostUsd).isPositive());
    List<RemediationAction> actions = read("actions", RemediationAction.class);
    assertThat(actions)
        .extracting(a -> a.type)
        .contains("QUARANTINE", "ISOLATE_NETWORK", "RIGHTSIZE");
    assertThat(actions).allSatisfy(a -> assertThat(a.mode).isEqualTo("DRY_RUN"));
  }
}
