package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.ReplayRuns.Run;
import io.vigil.jobs.VigilOptions;
import io.vigil.jobs.options.SourceOptions;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One recording replayed three ways (parallelism 1, parallelism 2, and parallelism 2 with a task
 * failing mid-way and restored from its last checkpoint) gives the same lines in every output:
 * reproducible backtests and exactly-once outputs.
 */
class ReplayDeterminismITCase {
  private static final int FUNCTIONS = 12;
  private static final long MINUTES = 200;

  @TempDir static Path dir;
  static Path recording;

  @BeforeAll
  static void record() throws Exception {
    SimulationConfig sim = new SimulationConfig();
    sim.functions = FUNCTIONS;
    sim.corruptEvery = 150;
    recording = dir.resolve("recording");
    SimulateCommand.writeRecording(new FleetSimulator(sim), MINUTES, recording);
  }

  /**
   * A watermark per bucket (the default) and one after each record judge late records alike:
   * late-delivered flow logs and billing rows replayed in arrival order give the same lines.
   */
  @Test
  void aWatermarkPerBucketGivesTheLinesAWatermarkPerRecordGives() throws Exception {
    SimulationConfig sim = new SimulationConfig();
    sim.functions = FUNCTIONS;
    sim.lateDelivery = true;
    Path late = dir.resolve("late-recording");
    SimulateCommand.writeRecording(new FleetSimulator(sim), MINUTES, late);
    Configuration perRecord = new Configuration();
    perRecord.set(VigilOptions.REPLAY_ORDER, SourceOptions.ReplayOrder.ARRIVAL);
    perRecord.set(VigilOptions.REPLAY_WATERMARK_STEP, Duration.ofMillis(1));
    Configuration perBucket = new Configuration();
    perBucket.set(VigilOptions.REPLAY_ORDER, SourceOptions.ReplayOrder.ARRIVAL);

    Map<String, List<String>> each =
        ReplayRuns.replay(late, dir, new Run("per-record", 2, 0, 0), perRecord);
    Map<String, List<String>> stepped =
        ReplayRuns.replay(late, dir, new Run("per-bucket", 2, 0, 0), perBucket);

    // Arrival order made records late (in event-time order none is): the metrics differ.
    Map<String, List<String>> inTime =
        ReplayRuns.replay(late, dir, new Run("event-time", 2, 0, 0), new Configuration());
    assertThat(inTime.get("metrics")).isNotEqualTo(each.get("metrics"));
    assertThat(each.get("metrics")).hasSizeGreaterThan(FUNCTIONS * (int) MINUTES / 2);
    for (String output : ReplayRuns.OUTPUTS) {
      assertThat(stepped.get(output)).as(output).isEqualTo(each.get(output));
    }
  }

  @Test
  void parallelismAndARestoreChangeNoOutputLine() throws Exception {
    Run failing = new Run("p2-restored", 2, 0, 3);
    Map<String, List<String>> p1 = ReplayRuns.replay(recording, dir, new Run("p1", 1, 0, 0));
    Map<String, List<String>> p2 = ReplayRuns.replay(recording, dir, new Run("p2", 2, 0, 0));
    Map<String, List<String>> restored = ReplayRuns.replay(recording, dir, failing);

    // The failure came mid-way: after lines were committed, before the end.
    assertThat(ReplayRuns.committedBeforeFailure(dir, failing))
        .isPositive()
        .isLessThan(p1.get("metrics").size());
    assertThat(p1.get("metrics")).hasSizeGreaterThan(FUNCTIONS * (int) MINUTES / 2);
    assertThat(p1.get("findings")).isNotEmpty();
    assertThat(p1.get("dead-letters")).isNotEmpty();
    for (String output : ReplayRuns.OUTPUTS) {
      assertThat(p2.get(output)).as(output + " at parallelism 2").isEqualTo(p1.get(output));
      assertThat(restored.get(output))
          .as(output + " at parallelism 2 after a restore")
          .isEqualTo(p1.get(output));
    }
  }
}
