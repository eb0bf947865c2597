package io.vigil.cli;

import io.vigil.jobs.VigilOptions;
import io.vigil.models.sim.SimulationConfig;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/**
 * The simulated fleet's shape, for run and simulate (a {@code @Mixin}). Unset options keep the
 * defaults of {@link SimulationConfig} / the {@code vigil.sim.*} options (50 functions, seed 42,
 * the built-in demo scenario).
 */
public final class FleetOptions {
  @Option(names = "--functions", description = "Simulated functions (default: 50).")
  Integer functions;

  @Option(names = "--seed", description = "Simulator seed (default: 42).")
  Long seed;

  @Option(names = "--scenario", description = "Incident scenario YAML (default: built-in demo).")
  String scenario;

  /** Sets the given options on a simulator configuration. */
  public SimulationConfig applyTo(SimulationConfig config) {
    if (functions != null) config.functions = functions;
    if (seed != null) config.seed = seed;
    if (scenario != null) config.scenarioPath = scenario;
    return config;
  }

  /** Sets the given options as {@code vigil.sim.*} job options. */
  public Configuration applyTo(Configuration conf) {
    if (functions != null) conf.set(VigilOptions.SIM_FUNCTIONS, functions);
    if (seed != null) conf.set(VigilOptions.SIM_SEED, seed);
    if (scenario != null) conf.set(VigilOptions.SIM_SCENARIO, scenario);
    return conf;
  }
}
