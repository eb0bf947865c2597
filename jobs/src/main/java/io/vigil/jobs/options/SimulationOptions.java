package io.vigil.jobs.options;

import io.vigil.operators.config.OptionLists;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The embedded simulated fleet (vigil.source=simulator). The only place their defaults live. */
public final class SimulationOptions {
  private SimulationOptions() {}

  public static final ConfigOption<Integer> FUNCTIONS =
      ConfigOptions.key("vigil.sim.functions")
          .intType()
          .defaultValue(50)
          .withDescription("Simulated fleet: number of functions.");

  public static final ConfigOption<Long> SEED =
      ConfigOptions.key("vigil.sim.seed")
          .longType()
          .defaultValue(42L)
          .withDescription("Simulated fleet: random seed (same seed, same records).");

  public static final ConfigOption<Double> CLOCK_FACTOR =
      ConfigOptions.key("vigil.sim.clock-factor")
          .doubleType()
          .defaultValue(180.0)
          .withDescription(
              "Simulated fleet: fleet seconds per wall second (60 = a demo minute is a fleet hour;"
                  + " 0 = as fast as possible).");

  public static final ConfigOption<Long> MINUTES =
      ConfigOptions.key("vigil.sim.minutes")
          .longType()
          .defaultValue(0L)
          .withDescription("Simulated fleet: fleet minutes to simulate, 0 = unbounded.");

  public static final ConfigOption<String> SCENARIO =
      ConfigOptions.key("vigil.sim.scenario")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Simulated fleet: incident scenario YAML; the built-in demo when unset.");

  public static final ConfigOption<Integer> CORRUPT_EVERY =
      ConfigOptions.key("vigil.sim.corrupt-every")
          .intType()
          .defaultValue(500)
          .withDescription(
              "Simulated fleet: corrupt every N-th Lambda record (bad gzip, truncated REPORT) to"
                  + " exercise dead letters; 0 = never.");

  public static final ConfigOption<Boolean> LATE_DELIVERY =
      ConfigOptions.key("vigil.sim.late-delivery")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Simulated fleet: realistic delivery delays (flow records 1-5 min late, billing rows"
                  + " 2-6 h late), each record emitted when it arrives.");

  public static List<ConfigOption<?>> all() {
    return OptionLists.declaredIn(SimulationOptions.class);
  }
}
