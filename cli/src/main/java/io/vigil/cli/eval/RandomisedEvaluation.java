package io.vigil.cli.eval;

import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.VigilOptions;
import io.vigil.models.detect.family.BucketContext;
import io.vigil.models.settings.DetectorSettings;
import io.vigil.models.sim.FleetProfile;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.RandomIncidents;
import io.vigil.models.sim.SimulationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * Runs the whole job over one randomised fleet (as fast as possible) and scores its findings with
 * the labelled rules. {@code perType = 0} gives an incident-free fleet (false-alarm rate only).
 */
public final class RandomisedEvaluation {
  private RandomisedEvaluation() {}

  public static LabelledScore run(
      long seed, int functions, long minutes, int perType, FleetProfile profile, Path dir)
      throws Exception {
    Files.createDirectories(dir);
    String yaml = RandomIncidents.scenarioYaml(seed, functions, minutes, perType, profile);
    Path scenario = dir.resolve("scenario.yaml");
    Files.writeString(scenario, yaml);
    Configuration conf = new Configuration();
    conf.set(VigilOptions.SIM_SEED, seed);
    conf.set(VigilOptions.SIM_FUNCTIONS, functions);
    conf.set(VigilOptions.SIM_MINUTES, minutes);
    conf.set(VigilOptions.SIM_SCENARIO, scenario.toString());
    conf.set(VigilOptions.SIM_CLOCK_FACTOR, 0.0);
    conf.set(VigilOptions.SIM_CORRUPT_EVERY, 0);
    conf.set(VigilOptions.OUTPUT_DIR, dir.resolve("out").toString());
    conf.set(VigilOptions.CONSOLE, false);
    conf.set(VigilOptions.PARALLELISM, 2);
    LocalRunner.runBounded(conf);

    SimulationConfig sim = new SimulationConfig();
    sim.seed = seed;
    sim.functions = functions;
    sim.scenarioYaml = yaml;
    FleetSimulator truth = new FleetSimulator(sim);
    long start = truth.currentMinuteStart();
    List<Label> labels = Label.fromIncidents(truth.incidents(), start, start + minutes * 60_000L);
    Files.writeString(dir.resolve("labels.json"), Label.toJson(labels));
    long bucketMs = conf.get(VigilOptions.BUCKET).toMillis();
    LabelledScore score =
        LabelledScore.score(
            IncidentScore.readFindings(dir.resolve("out").resolve("findings.jsonl")),
            labels,
            functions * minutes / 60.0,
            bucketMs);
    Map<String, OracleEvidence.Series> series =
        OracleEvidence.readMetrics(
            dir.resolve("out").resolve("metrics.jsonl"), start, (int) minutes);
    score.oracle.addAll(
        OracleEvidence.assess(
            labels,
            truth.incidents(),
            truth.fleet().functions(),
            series,
            start,
            (int) minutes,
            bucketMs));
    return score;
  }

  /** The detectors' evidence threshold h under the job's default settings (no policy). */
  public static double defaultThreshold() {
    return new BucketContext(new DetectorSettings(), null).threshold();
  }
}
