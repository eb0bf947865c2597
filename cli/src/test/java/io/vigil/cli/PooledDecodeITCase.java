package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.Sources;
import io.vigil.jobs.VigilJob;
import io.vigil.jobs.VigilOptions;
import io.vigil.jobs.options.SourceOptions;
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
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decoding on a pool of threads changes no output line: one recording with corrupt records replayed
 * with {@code vigil.decode.threads=1} (the source thread decodes) and with 3 threads at parallelism
 * 2 and a task failure mid-way restored from a checkpoint (records in flight in the pool's operator
 * state), whatever the machine's own default pool is.
 */
class PooledDecodeITCase {
  private static final List<String> OUTPUTS =
      List.of("findings", "metrics", "actions", "dead-letters");

  @TempDir static Path dir;

  @Test
  void thePoolGivesTheSynchronousDecodesLinesAlsoAfterARestore() throws Exception {
    SimulationConfig sim = new SimulationConfig();
    sim.functions = 12;
    sim.corruptEvery = 150;
    Path recording = dir.resolve("recording");
    // Long enough that the failure comes after two checkpoints however fast the machine decodes
    // (150 minutes finished before the third checkpoint on an idle 2-core machine).
    SimulateCommand.writeRecording(new FleetSimulator(sim), 300, recording);

    Map<String, List<String>> sync = replay(recording, "sync", 1, 1, false);
    Map<String, List<String>> pooled = replay(recording, "pooled", 3, 2, true);

    int committedBeforeFailure =
        Integer.parseInt(Files.readString(dir.resolve("pooled.failed")).strip());
    assertThat(committedBeforeFailure).isPositive().isLessThan(sync.get("metrics").size());
    assertThat(sync.get("findings")).isNotEmpty();
    assertThat(sync.get("dead-letters")).isNotEmpty();
    for (String output : OUTPUTS) {
      assertThat(pooled.get(output)).as(output).isEqualTo(sync.get(output));
    }
  }

  private static Map<String, List<String>> replay(
      Path recording, String name, int threads, int parallelism, boolean fail) throws Exception {
    Path out = dir.resolve(name);
    Configuration conf = new Configuration();
    conf.set(VigilOptions.SOURCE, SourceOptions.Kind.REPLAY);
    conf.set(VigilOptions.REPLAY_INPUT, recording.toString());
    conf.set(VigilOptions.OUTPUT_DIR, out.toString());
    conf.set(VigilOptions.CONSOLE, false);
    conf.set(VigilOptions.PARALLELISM, parallelism);
    conf.set(VigilOptions.DECODE_THREADS, threads);
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
                    new ReplayDeterminismITCase.FailOnceAfterCheckpoints(
                        dir.resolve(name + ".failed").toString(), out.toString(), 2))
                .uid("test-fail-once")
                .name("Test: fail once after 2 checkpoints")
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
}
