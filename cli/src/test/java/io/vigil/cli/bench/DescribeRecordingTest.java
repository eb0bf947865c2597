package io.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.sim.SimulationConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench names the simulated hours a recording covers and its lines per function-minute: the
 * job's keyed work goes with function-minutes and its decoding with lines, so a night recording and
 * a day's give different shares of the bare loop. {@code --middle} places a recording in the day.
 */
class DescribeRecordingTest {
  private static final Instant MIDNIGHT = SimulationConfig.DEFAULT_START;

  @Test
  void namesTheHoursAndTheDensity() {
    // 2,512,301 lines and 763,101 events over 200 functions x 240 minutes: the command
    var bare = new EndToEndBenchmark.Bare(64_493, 2_512_301, 763_101, 3.0, 3.0, 200);

    String line = EndToEndBenchmark.describe(200, 240, MIDNIGHT, bare);

    assertThat(line)
        .startsWith("recording: 200 functions from 00:00 UTC for 4.0 h")
        .contains("peaks at 15:00 UTC and is lowest at 03:00")
        .contains("52.3 lambda lines and 15.9 events per function-minute");
  }

  @Test
  void aWholeDay() {
    var bare = new EndToEndBenchmark.Bare(498_158, 39_002_458, 10_858_912, 30, 30, 200);

    assertThat(EndToEndBenchmark.describe(200, 1440, MIDNIGHT, bare))
        .startsWith("recording: 200 functions from 00:00 UTC for 24.0 h")
        .contains("135.4 lambda lines and 37.7 events per function-minute");
  }

  @Test
  void aMiddleTimeCentresTheRecordingOnIt() {
    assertThat(EndToEndBenchmark.start(null, 240)).isEqualTo(MIDNIGHT);
    assertThat(EndToEndBenchmark.start(LocalTime.of(9, 0), 240))
        .isEqualTo(Instant.parse("2025-11-20T07:00:00Z"));
    assertThat(EndToEndBenchmark.start(LocalTime.of(12, 0), 1440)).isEqualTo(MIDNIGHT);
    // before the default day: the day before, also a weekday
    assertThat(EndToEndBenchmark.start(LocalTime.of(1, 0), 240))
        .isEqualTo(Instant.parse("2025-11-19T23:00:00Z"));
    var bare = new EndToEndBenchmark.Bare(1, 1, 1, 1, 1, 1);
    assertThat(
            EndToEndBenchmark.describe(
                20, 24, EndToEndBenchmark.start(LocalTime.of(9, 0), 24), bare))
        .startsWith("recording: 20 functions from 08:48 UTC for 0.4 h");
  }

  /**
   * Real recordings of the simulated fleet: a recording centred on 09:00 carries the traffic of the
   * whole day's mean (the diurnal factor there is 0.6 of the peak's), one at 15:00 the peak (1.0),
   * one at 03:00 the trough (0.2); lines per function-minute follow.
   */
  @Test
  void theRecordedTrafficFollowsTheMiddleTime(@TempDir Path work) throws Exception {
    double trough = density(work, LocalTime.of(3, 0));
    double mean = density(work, LocalTime.of(9, 0));
    double peak = density(work, LocalTime.of(15, 0));

    assertThat(peak / trough).isBetween(4.0, 6.0);
    assertThat(mean / peak).isBetween(0.5, 0.7);
  }

  private static double density(Path work, LocalTime middle) throws Exception {
    int functions = 20;
    long minutes = 30;
    Path dir = work.resolve(middle.toString().replace(':', '-'));
    EndToEndBenchmark.record(functions, minutes, EndToEndBenchmark.start(middle, minutes), dir);
    return (double) EndToEndBenchmark.bare(dir).lambdaLines() / functions / minutes;
  }
}
