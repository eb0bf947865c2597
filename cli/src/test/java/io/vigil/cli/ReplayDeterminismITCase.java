package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.Sources;
import io.vigil.jobs.VigilJob;
import io.vigil.jobs.VigilOptions;
import io.vigil.jobs.options.SourceOptions;
import io.vigil.models.event.RawRecord;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import io.vigil.operators.sink.JsonLinesFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One recording replayed three ways (parallelism 1, parallelism 2, and parallelism 2 with a task
 * failing mid-way and restored from its last checkpoint) gives the same lines in every output:
 * reproducible backtests and exactly-once outputs.
 */
class ReplayDeterminismITCase {
  private static final List<String> OUTPUTS =
      List.of("findings", "metrics", "actions", "dead-letters");
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

  @Test
  void parallelismAndARestoreChangeNoOutputLine() throws Exception {
    Map<String, List<String>> p1 = replay("p1", 1, false);
    Map<String, List<String>> p2 = replay("p2", 2, false);
    Map<String, List<String>> restored = replay("p2-restored", 2, true);

    // The failure came mid-way: after lines were committed, before the end.
    int committedBeforeFailure =
        Integer.parseInt(Files.readString(dir.resolve("p2-restored.failed")).strip());
    assertThat(committedBeforeFailure).isPositive().isLessThan(p1.get("metrics").size());
    assertThat(p1.get("metrics")).hasSizeGreaterThan(FUNCTIONS * (int) MINUTES / 2);
    assertThat(p1.get("findings")).isNotEmpty();
    assertThat(p1.get("dead-letters")).isNotEmpty();
    for (String output : OUTPUTS) {
      assertThat(p2.get(output)).as(output + " at parallelism 2").isEqualTo(p1.get(output));
      assertThat(restored.get(output))
          .as(output + " at parallelism 2 after a restore")
          .isEqualTo(p1.get(output));
    }
  }

  /** Replays the recording and returns every output's committed lines, sorted. */
  private static Map<String, List<String>> replay(String name, int parallelism, boolean fail)
      throws Exception {
    Path out = dir.resolve(name);
    Configuration conf = new Configuration();
    conf.set(VigilOptions.SOURCE, SourceOptions.Kind.REPLAY);
    conf.set(VigilOptions.REPLAY_INPUT, recording.toString());
    conf.set(VigilOptions.OUTPUT_DIR, out.toString());
    conf.set(VigilOptions.CONSOLE, false);
    conf.set(VigilOptions.PARALLELISM, parallelism);
    conf.set(VigilOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(200));
    conf.set(VigilOptions.CHECKPOINT_MIN_PAUSE, Duration.ofMillis(100));
    conf.setString("restart-strategy.type", "fixed-delay");
    conf.setString("restart-strategy.fixed-delay.attempts", "1");
    conf.setString("restart-strategy.fixed-delay.delay", "100 ms");
    StreamExecutionEnvironment env = LocalRunner.boundedEnvironment(conf);
    Sources.Input input = Sources.create(env, conf);
    var records =
        fail
            ? input
                .records()
                .map(
                    new FailOnceAfterCheckpoints(
                        dir.resolve(name + ".failed").toString(), out.toString(), 3))
                .uid("test-fail-once")
                .name("Test: fail once after 3 checkpoints")
                .setParallelism(1)
            : input.records();
    VigilJob.build(records, input.eniToFunction(), conf);
    env.execute("replay-" + name);

    Map<String, List<String>> lines = new TreeMap<>();
    for (String output : OUTPUTS) {
      List<String> sorted = new ArrayList<>(JsonLinesFiles.lines(out, output));
      sorted.sort(null);
      lines.put(output, sorted);
    }
    return lines;
  }

  /**
   * Passes records through, slowly enough for checkpoints to complete, and throws once (marked by a
   * file, so the restored attempt does not) on the first record after its n-th completed checkpoint
   * with committed output: a task failure mid-way, restored from the last checkpoint.
   */
  static final class FailOnceAfterCheckpoints extends RichMapFunction<RawRecord, RawRecord>
      implements CheckpointListener {
    private final String marker;
    private final String out;
    private final int checkpoints;
    private transient int completed;
    private transient long seen;

    FailOnceAfterCheckpoints(String marker, String out, int checkpoints) {
      this.marker = marker;
      this.out = out;
      this.checkpoints = checkpoints;
    }

    @Override
    public void open(OpenContext openContext) {
      completed = 0;
      seen = 0;
    }

    @Override
    public RawRecord map(RawRecord r) throws Exception {
      if (Files.exists(Path.of(marker))) return r;
      if (completed >= checkpoints && !JsonLinesFiles.lines(Path.of(out), "metrics").isEmpty()) {
        // The marker holds how many metric lines were committed when the task failed.
        Files.writeString(
            Path.of(marker),
            Integer.toString(JsonLinesFiles.lines(Path.of(out), "metrics").size()));
        throw new IllegalStateException("injected failure after " + seen + " records");
      }
      if (++seen % 20 == 0) Thread.sleep(1);
      return r;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      completed++;
    }
  }
}
