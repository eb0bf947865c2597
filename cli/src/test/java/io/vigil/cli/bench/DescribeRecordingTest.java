package io.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The bench names the simulated hours a recording covers and its lines per function-minute: the
 * job's keyed work goes with function-minutes and its decoding with lines, so a night recording and
 * a day's give different shares of the bare loop.
 */
class DescribeRecordingTest {
  @Test
  void namesTheHoursAndTheDensity() {
    // 2,512,301 lines and 763,101 events over 200 functions x 240 minutes: the command
    var bare = new EndToEndBenchmark.Bare(64_493, 2_512_301, 763_101, 3.0, 3.0, 200);

    String line = EndToEndBenchmark.describe(200, 240, bare);

    assertThat(line)
        .startsWith("recording: 200 functions from 00:00 UTC for 4.0 h")
        .contains("peaks at 15:00 UTC and is lowest at 03:00")
        .contains("52.3 lambda lines and 15.9 events per function-minute");
  }

  @Test
  void aWholeDay() {
    var bare = new EndToEndBenchmark.Bare(498_158, 39_002_458, 10_858_912, 30, 30, 200);

    assertThat(EndToEndBenchmark.describe(200, 1440, bare))
        .startsWith("recording: 200 functions from 00:00 UTC for 24.0 h")
        .contains("135.4 lambda lines and 37.7 events per function-minute");
  }
}
