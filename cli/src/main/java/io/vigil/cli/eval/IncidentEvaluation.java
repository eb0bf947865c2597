package io.vigil.cli.eval;

import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.VigilOptions;
import io.vigil.models.finding.Finding;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import io.vigil.operators.sink.JsonLinesFiles;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;

/**
 * Runs the whole job over a bounded simulated fleet (as fast as possible) and scores its findings
 * against the injected incidents.
 */
public final class IncidentEvaluation {
  private IncidentEvaluation() {}

  public static IncidentScore run(
      long seed, int functions, long minutes, Path outputDir, int parallelism) throws Exception {
    Configuration conf = new Configuration();
    conf.set(VigilOptions.SIM_SEED, seed);
    conf.set(VigilOptions.SIM_FUNCTIONS, functions);
    conf.set(VigilOptions.SIM_MINUTES, minutes);
    conf.set(VigilOptions.SIM_CLOCK_FACTOR, 0.0);
    conf.set(VigilOptions.SIM_CORRUPT_EVERY, 0);
    conf.set(VigilOptions.OUTPUT_DIR, outputDir.toString());
    conf.set(VigilOptions.CONSOLE, false);
    conf.set(VigilOptions.PARALLELISM, parallelism);
    LocalRunner.runBounded(conf);

    SimulationConfig sim = new SimulationConfig();
    sim.seed = seed;
    sim.functions = functions;
    FleetSimulator truth = new FleetSimulator(sim);
    long bucketMs = conf.get(VigilOptions.BUCKET).toMillis();
    return IncidentScore.score(
        JsonLinesFiles.read(outputDir, "findings", Finding.class),
        truth.incidents(),
        truth.currentMinuteStart(),
        bucketMs,
        functions * minutes / 60.0);
  }
}
