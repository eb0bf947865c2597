package io.vigil.cli;

import io.vigil.cli.report.BacktestReport;
import io.vigil.cli.report.HtmlReport;
import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.VigilOptions;
import io.vigil.jobs.options.SourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil replay}: the same pipeline, bounded, over recorded Kinesis records (backtests). */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the job to completion over recorded Kinesis records (one *.jsonl file per stream,",
      "as written by 'vigil record' or 'vigil simulate'), merged in event-time order.",
      "Use it to backtest thresholds on last week's incident before enabling them."
    })
public final class ReplayCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "Recording folder.")
  Path input;

  @Option(
      names = "--output",
      defaultValue = "replay-out",
      description = "Output folder (default: replay-out).")
  Path output;

  @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism (default: 2).")
  int parallelism;

  @Option(
      names = "--report",
      description =
          "Also write a self-contained HTML report of the backtest to this file (summary, findings"
              + " table, per-function charts, recommendations, dead letters; opens offline).")
  Path report;

  @Mixin JobSettings settings;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(input))
      throw new IllegalArgumentException("--input: no folder " + input);
    Configuration conf = settings.toConfiguration();
    conf.set(VigilOptions.SOURCE, SourceOptions.Kind.REPLAY);
    conf.set(VigilOptions.REPLAY_INPUT, input.toString());
    conf.set(VigilOptions.OUTPUT_DIR, output.toString());
    conf.set(VigilOptions.PARALLELISM, parallelism);
    LocalRunner.runBounded(conf);
    System.out.printf("Replay finished: outputs in %s/%n", output);
    if (report != null) {
      BacktestReport r = HtmlReport.write(output, report, "Vigil backtest: " + input);
      System.out.printf(
          "Report: %s (%d findings, %d metric buckets)%n",
          report, r.findings().size(), r.buckets().size());
    }
    return 0;
  }
}
