package io.vigil.cli;

import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.Sources;
import io.vigil.jobs.VigilJob;
import io.vigil.jobs.VigilOptions;
import io.vigil.jobs.options.SourceOptions;
import io.vigil.models.event.RawRecord;
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

/** Replays of one recording whose committed output lines the determinism tests compare. */
final class ReplayRuns {
  static final List<String> OUTPUTS = List.of("findings", "metrics", "actions", "dead-letters");

  private ReplayRuns() {}

  /**
   * How to replay: parallelism, {@code vigil.decode.threads} (0 = the job's default) and, when
   * {@code failAfterCheckpoints > 0}, one task failure after that many completed checkpoints,
   * restored from the last one (its marker file records the metric lines committed by then).
   */
  record Run(String name, int parallelism, int decodeThreads, int failAfterCheckpoints) {}

  /**
   * Replays {@code recording} into {@code dir/run.name} and returns each output's lines, sorted.
   */
  static Map<String, List<String>> replay(Path recording, Path dir, Run run) throws Exception {
    return replay(recording, dir, run, new Configuration());
  }

  /** The same with {@code extra} settings (the run's own win). */
  static Map<String, List<String>> replay(Path recording, Path dir, Run run, Configuration extra)
      throws Exception {
    Path out = dir.resolve(run.name());
    Configuration conf = new Configuration(extra);
    conf.set(VigilOptions.SOURCE, SourceOptions.Kind.REPLAY);
    conf.set(VigilOptions.REPLAY_INPUT, recording.toString());
    conf.set(VigilOptions.OUTPUT_DIR, out.toString());
    conf.set(VigilOptions.CONSOLE, false);
    conf.set(VigilOptions.PARALLELISM, run.parallelism());
    if (run.decodeThreads() > 0) conf.set(VigilOptions.DECODE_THREADS, run.decodeThreads());
    conf.set(VigilOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(200));
    conf.set(VigilOptions.CHECKPOINT_MIN_PAUSE, Duration.ofMillis(100));
    conf.setString("restart-strategy.type", "fixed-delay");
    conf.setString("restart-strategy.fixed-delay.attempts", "1");
    conf.setString("restart-strategy.fixed-delay.delay", "100 ms");
    StreamExecutionEnvironment env = LocalRunner.boundedEnvironment(conf);
    Sources.Input input = Sources.create(env, conf);
    var records =
        run.failAfterCheckpoints() > 0
            ? input
                .records()
                .map(
                    new FailOnceAfterCheckpoints(
                        marker(dir, run).toString(), out.toString(), run.failAfterCheckpoints()))
                .uid("test-fail-once")
                .name("Test: fail once after " + run.failAfterCheckpoints() + " checkpoints")
                .setParallelism(1)
            : input.records();
    VigilJob.build(records, input.eniToFunction(), conf);
    env.execute("replay-" + run.name());
    Map<String, List<String>> lines = new TreeMap<>();
    for (String output : OUTPUTS) {
      List<String> sorted = new ArrayList<>(JsonLinesFiles.lines(out, output));
      sorted.sort(null);
      lines.put(output, sorted);
    }
    return lines;
  }

  /** Metric lines committed when the run's injected failure came. */
  static int committedBeforeFailure(Path dir, Run run) throws Exception {
    return Integer.parseInt(Files.readString(marker(dir, run)).strip());
  }

  private static Path marker(Path dir, Run run) {
    return dir.resolve(run.name() + ".failed");
  }

  /**
   * Passes records through, slowly enough for checkpoints to complete (1 ms every 2 records until
   * it fails), and throws once (marked by a file, so the restored attempt does not) on the first
   * record after its n-th completed checkpoint with committed output: a task failure mid-way,
   * restored from the last checkpoint.
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
      // Slow until the failure (not after: the restored attempt runs at full speed), so even a
      // fast machine cannot replay the whole recording before the n-th checkpoint.
      if (++seen % 2 == 0) Thread.sleep(1);
      return r;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      completed++;
    }
  }
}
