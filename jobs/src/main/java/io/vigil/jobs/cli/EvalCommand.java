package io.vigil.jobs.cli;

import io.vigil.jobs.eval.IncidentEvaluation;
import io.vigil.jobs.eval.IncidentScore;
import io.vigil.models.detect.SeriesDetector;
import io.vigil.models.eval.nab.NabCorpus;
import io.vigil.models.eval.nab.NabEvaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil eval}: detection quality on NAB and on injected incidents. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Measures detection quality.",
    subcommands = {EvalCommand.Nab.class, EvalCommand.Incidents.class})
public final class EvalCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(
      name = "nab",
      mixinStandardHelpOptions = true,
      description =
          "Scores the series detectors on a NAB-layout folder (three normalised profiles).")
  static final class Nab implements Callable<Integer> {
    @Option(
        names = "--data",
        required = true,
        description = "NAB folder (data/, combined_windows.json).")
    Path data;

    @Option(names = "--no-rcf", description = "Skip Random Cut Forest (the slowest).")
    boolean noRcf;

    @Option(
        names = "--cross-validate",
        description =
            "Leave-one-category-out: choose configuration and threshold on the other categories,"
                + " score the held-out one; prints in- and out-of-sample tables per profile.")
    boolean crossValidate;

    @Override
    public Integer call() {
      if (!Files.isDirectory(data)) throw new IllegalArgumentException("--data: no folder " + data);
      if (crossValidate) {
        System.out.print(NabEvaluator.crossValidate(NabCorpus.load(data)));
        return 0;
      }
      NabEvaluator ev = new NabEvaluator(NabCorpus.load(data));
      for (Map.Entry<String, Supplier<SeriesDetector>> e :
          NabEvaluator.standardDetectors(!noRcf).entrySet()) {
        System.out.println(ev.evaluate(e.getKey(), e.getValue()));
      }
      return 0;
    }
  }

  @Command(
      name = "incidents",
      mixinStandardHelpOptions = true,
      description =
          "Runs the job over the simulated fleet with every incident type injected and scores it.")
  static final class Incidents implements Callable<Integer> {
    @Option(
        names = "--minutes",
        defaultValue = "330",
        description = "Fleet minutes (default: 330).")
    long minutes;

    @Option(names = "--functions", defaultValue = "50", description = "Functions (default: 50).")
    int functions;

    @Option(
        names = "--seeds",
        defaultValue = "42",
        split = ",",
        description = "Seeds, comma-separated (default: 42).")
    long[] seeds;

    @Option(
        names = "--output",
        defaultValue = "eval-out",
        description = "Scratch folder (default: eval-out).")
    Path output;

    @Option(
        names = "--report",
        description = "Also write an HTML backtest report per seed: <output>/seed-N/report.html.")
    boolean report;

    @Override
    public Integer call() throws Exception {
      for (long seed : seeds) {
        Path dir = output.resolve("seed-" + seed);
        if (Files.exists(dir)) {
          try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
          }
        }
        IncidentScore score = IncidentEvaluation.run(seed, functions, minutes, dir, 2);
        System.out.printf(
            "== seed %d, %d functions, %d fleet minutes%n%s%n",
            seed, functions, minutes, score.table());
        if (report) {
          Path file = dir.resolve("report.html");
          io.vigil.jobs.report.HtmlReport.write(
              dir, file, "Vigil evaluation: seed " + seed + ", " + functions + " functions");
          System.out.println("Report: " + file);
        }
      }
      return 0;
    }
  }
}
