package io.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.VigilOptions;
import io.vigil.jobs.options.SourceOptions;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil bench --latency -D key=value}: the user's options reach the measured job (to compare
 * watermark bounds, say), while the keys the bench sets itself (source, streams, outputs) stay its
 * own.
 */
class LatencyConfigTest {
  @Test
  void userOptionsReachTheJobButNotOverTheBenchsOwn(@TempDir Path work) throws Exception {
    Configuration extra = new Configuration();
    extra.set(VigilOptions.KINESIS_FLOW_OUT_OF_ORDERNESS, Duration.ofSeconds(30));
    extra.set(VigilOptions.SOURCE, SourceOptions.Kind.SIMULATOR);
    var settings =
        new LatencyBenchmark.Settings(
            2,
            1,
            1,
            60,
            Duration.ofMillis(500),
            Duration.ofSeconds(2),
            Duration.ofMinutes(2),
            extra);
    SimulationConfig sim = new SimulationConfig();
    sim.functions = 10;

    Configuration conf =
        LatencyBenchmark.config(
            "http://localhost:1", work.resolve("out"), work, settings, new FleetSimulator(sim));

    assertThat(conf.get(VigilOptions.KINESIS_FLOW_OUT_OF_ORDERNESS))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(conf.get(VigilOptions.SOURCE)).isEqualTo(SourceOptions.Kind.KINESIS);
    assertThat(conf.get(VigilOptions.IDLENESS)).isEqualTo(Duration.ofSeconds(2));
  }
}
