package io.vigil.operators.source;

import io.vigil.models.sim.SimulationConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;

/**
 * The simulated fleet as a checkpointed FLIP-27 source: one element per fleet minute, paced by the
 * clock factor (fleet seconds per wall second; 0 = as fast as possible).
 */
public final class SimulatedFleetSource {
  public static final String UID = "source-simulated-fleet";
  public static final String NAME = "Simulated fleet (fleet minutes)";

  private SimulatedFleetSource() {}

  public static DataGeneratorSource<FleetMinute> create(
      SimulationConfig config, double clockFactor, long minutes) {
    RateLimiterStrategy rate =
        clockFactor <= 0
            ? RateLimiterStrategy.noOp()
            : RateLimiterStrategy.perSecond(clockFactor / 60.0);
    return new DataGeneratorSource<>(
        new FleetMinuteGenerator(config),
        minutes <= 0 ? Long.MAX_VALUE : minutes,
        rate,
        TypeInformation.of(FleetMinute.class));
  }
}
