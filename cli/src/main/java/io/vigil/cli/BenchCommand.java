package io.vigil.cli;

import io.vigil.cli.bench.EndToEndBenchmark;
import io.vigil.jobs.options.RuntimeOptions;
import java.nio.file.Files;
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
      names = "--curve",
      description = {
        "Scaling curve instead of one run: 200, 2,000 and 20,000 functions x parallelism 1 and 2",
        "x both state backends (--minutes is the length at 200 functions, shorter for more)."
      })
  boolean curve;

  @Option(names = "--work", description = "Scratch folder (default: a temporary folder).")
  Path work;

  @Override
  public Integer call() throws Exception {
    Path dir = work != null ? work : Files.createTempDirectory("vigil-bench");
    if (curve) {
      EndToEndBenchmark.curve(minutes, dir, System.out);
    } else {
      System.out.print(
          EndToEndBenchmark.run(functions, minutes, parallelism, stateBackend, dir).report());
    }
    return 0;
  }
}
