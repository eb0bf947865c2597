package io.vigil.cli;

import io.vigil.cli.bench.EndToEndBenchmark;
import io.vigil.jobs.ScratchFolders;
import io.vigil.jobs.options.RuntimeOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil bench}: end-to-end throughput and state size on this machine. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Records a simulated fleet, then measures a bare read+decode loop and the whole job",
      "(replaying the same records on a MiniCluster): Lambda log lines/s per core, events/s,",
      "and checkpointed state bytes per key."
    })
public final class BenchCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--functions", defaultValue = "200", description = "Functions (default: 200).")
  int functions;

  @Option(names = "--minutes", defaultValue = "60", description = "Fleet minutes (default: 60).")
  long minutes;

  @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism (default: 2).")
  int parallelism;

  @Option(
      names = "--state-backend",
      defaultValue = "rocksdb",
      description = "rocksdb (default, as deployed) or hashmap.")
  RuntimeOptions.StateBackend stateBackend;

  @Option(
      names = "--middle",
      description = {
        "Simulated time of day (UTC, HH:MM) at the middle of each recording, e.g. 09:00: a",
        "recording centred on 09:00 or 21:00 carries the whole day's mean traffic, 15:00 its",
        "peak, 03:00 its trough (default: recordings start at 00:00 UTC)."
      })
  java.time.LocalTime middle;

  @Option(
      names = "--curve",
      description = {
        "Scaling curve instead of one run: 200, 2,000 and 20,000 functions x parallelism 1 and 2",
        "x both state backends (--minutes is the length at 200 functions, shorter for more)."
      })
  boolean curve;

  @Option(
      names = "--repeat",
      defaultValue = "3",
      description = {
        "Whole-job runs, each between two bare-loop runs; prints each and the median and range",
        "of the shares (default: 3)."
      })
  int repeat;

  @Option(
      names = "--warmup-jobs",
      defaultValue = "10",
      description = {
        "Most whole-job runs before the measured ones, not counted: the JIT compiles the job's",
        "code (Flink runtime, detectors) over the first jobs of the JVM (JIT threads measured at",
        "9.0, 6.2, 5.7, 5.3, 2.0, 1.3 CPU s in the first six jobs of --minutes 240); warming stops",
        "early once a job spends less than --warmup-jit-share of its CPU in the JIT. The first",
        "is printed as the cold figure (default: 10)."
      })
  int warmupJobs;

  @Option(
      names = "--warmup-jit-share",
      defaultValue = "0.08",
      description = {
        "Warm-up ends after the first warm-up job whose JIT threads used less than this share of",
        "its CPU; 0 runs all --warmup-jobs (default: 0.08)."
      })
  double warmupJitShare;

  @Option(
      names = "--decode-threads",
      defaultValue = "0",
      description = {
        "vigil.decode.threads of the measured jobs: 1 decodes on the replay source's thread, 0",
        "the job's default, picked from the machine (default: 0)."
      })
  int decodeThreads;

  @Option(
      names = "--latency",
      description = {
        "Latency instead of throughput: starts kinesalite (npm installs it on first use), runs the",
        "job on it, feeds --minutes fleet minutes at --feed-rate and prints put-to-output-line",
        "latency p50/p99 for metric buckets and findings."
      })
  boolean latency;

  @Option(
      names = "--feed-rate",
      defaultValue = "30",
      description = "--latency: fleet seconds per wall second of the steady feed (default: 30).")
  double feedRate;

  @Option(
      names = "--warmup-minutes",
      defaultValue = "60",
      description = "--latency: fleet minutes put at full speed first, not measured (default: 60).")
  long warmupMinutes;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description =
          "--latency: checkpoint interval; file outputs commit at checkpoints (default: 1s).")
  java.time.Duration checkpointInterval;

  @Option(
      names = "--idleness",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = {
        "--latency: vigil.watermark.idleness, wall time after which a silent shard stops holding",
        "the watermark back (default: 30s, the job's default)."
      })
  java.time.Duration idleness;

  /** Flink or vigil options for the measured jobs (A/B of a setting), e.g. a timer store. */
  @picocli.CommandLine.Mixin JobSettings settings;

  @Option(
      names = "--work",
      description = "Scratch folder, kept (default: a temporary folder, deleted at the end).")
  Path work;

  @Override
  public Integer call() throws Exception {
    if (work != null) return run(work);
    Path scratch = ScratchFolders.create("vigil-bench");
    try {
      return run(scratch);
    } finally {
      ScratchFolders.delete(scratch);
    }
  }

  private int run(Path dir) throws Exception {
    if (latency) {
      if (middle != null)
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--middle applies to throughput runs and --curve, not --latency");
      if (feedRate <= 0)
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--feed-rate must be > 0");
      System.out.print(
          io.vigil.cli.bench.LatencyBenchmark.run(
                  new io.vigil.cli.bench.LatencyBenchmark.Settings(
                      functions,
                      warmupMinutes,
                      minutes,
                      feedRate,
                      checkpointInterval,
                      idleness,
                      java.time.Duration.ofMinutes(2),
                      settings.toConfiguration()),
                  dir,
                  System.out)
              .report());
    } else if (curve) {
      EndToEndBenchmark.curve(
          minutes,
          middle,
          new EndToEndBenchmark.Warmup(warmupJobs, warmupJitShare),
          dir,
          System.out);
    } else {
      if (repeat < 1)
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--repeat must be >= 1");
      if (warmupJobs < 0)
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--warmup-jobs must be >= 0");
      if (warmupJitShare < 0 || warmupJitShare >= 1)
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--warmup-jit-share must be in [0, 1)");
      if (decodeThreads < 0)
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--decode-threads must be >= 0");
      EndToEndBenchmark.run(
          new EndToEndBenchmark.Settings(
              functions,
              minutes,
              parallelism,
              stateBackend,
              repeat,
              new EndToEndBenchmark.Warmup(warmupJobs, warmupJitShare),
              decodeThreads,
              settings.toConfiguration(),
              middle),
          dir,
          System.out);
    }
    return 0;
  }
}
