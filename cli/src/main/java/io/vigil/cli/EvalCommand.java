package io.vigil.cli;

import io.vigil.cli.eval.Detectability;
import io.vigil.cli.eval.FunctionHours;
import io.vigil.cli.eval.IncidentEvaluation;
import io.vigil.cli.eval.IncidentScore;
import io.vigil.cli.eval.Label;
import io.vigil.cli.eval.LabelledScore;
import io.vigil.cli.eval.RandomisedEvaluation;
import io.vigil.cli.eval.Sensitivity;
import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.VigilOptions;
import io.vigil.jobs.options.SourceOptions;
import io.vigil.models.detect.SeriesDetector;
import io.vigil.models.eval.nab.NabCorpus;
import io.vigil.models.eval.nab.NabEvaluator;
import io.vigil.models.sim.FleetProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil eval}: detection quality on NAB and on injected incidents. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Measures detection quality.",
    subcommands = {EvalCommand.Nab.class, EvalCommand.Incidents.class, EvalCommand.Labelled.class})
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
      description = {
        "Runs the job over randomised simulated fleets (0.05-30 invocations/s, daily peak/trough",
        "2-6x, both log formats, VPC and not, every memory size) with incidents of every type at",
        "magnitudes from below to far above what a detector can see, plus incident-free fleets,",
        "and scores tuning and held-out seeds separately. --classic: the demo scenario instead."
      })
  static final class Incidents implements Callable<Integer> {
    @Option(
        names = "--minutes",
        defaultValue = "240",
        description = "Fleet minutes (default: 240).")
    long minutes;

    @Option(names = "--functions", defaultValue = "60", description = "Functions (default: 60).")
    int functions;

    @Option(
        names = "--per-type",
        defaultValue = "2",
        description = "Incidents of each type per fleet (default: 2).")
    int perType;

    @Option(
        names = "--tune-seeds",
        defaultValue = "1,2",
        description = "Seeds the detectors were tuned on, or 'none' (default: 1,2).")
    String tuneSeeds;

    @Option(
        names = "--holdout-seeds",
        defaultValue = "101,102,103",
        description = "Seeds never used for tuning, or 'none' (default: 101,102,103).")
    String holdoutSeeds;

    @Option(
        names = "--clean-fleets",
        defaultValue = "1",
        description = "Incident-free fleets per seed, for the false-alarm rate (default: 1).")
    int cleanFleets;

    @Option(
        names = "--low-traffic-share",
        defaultValue = "0.6",
        description = "Share of functions below 1 invocation/s (default: 0.6).")
    double lowTrafficShare;

    @Option(names = "--classic", description = "Old mode: the demo scenario on the classic fleet.")
    boolean classic;

    @Option(names = "--seeds", split = ",", defaultValue = "42", description = "--classic seeds.")
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
      if (classic) return classic();
      FleetProfile profile = new FleetProfile();
      profile.lowTrafficShare = lowTrafficShare;
      report("tuning seeds", seeds(tuneSeeds), profile);
      report("held-out seeds", seeds(holdoutSeeds), profile);
      return 0;
    }

    private static long[] seeds(String list) {
      if (list.isBlank() || "none".equals(list)) return new long[0];
      return Arrays.stream(list.split(",")).mapToLong(x -> Long.parseLong(x.trim())).toArray();
    }

    private void report(String name, long[] set, FleetProfile profile) throws Exception {
      if (set.length == 0) return;
      List<LabelledScore> withIncidents = new ArrayList<>();
      List<LabelledScore> clean = new ArrayList<>();
      long t0 = System.nanoTime();
      for (long seed : set) {
        withIncidents.add(
            RandomisedEvaluation.run(
                seed, functions, minutes, perType, profile, fresh(output.resolve("seed-" + seed))));
        for (int c = 0; c < cleanFleets; c++) {
          long cs = seed * 1000 + 500 + c;
          clean.add(
              RandomisedEvaluation.run(
                  cs, functions, minutes, 0, profile, fresh(output.resolve("clean-" + cs))));
        }
      }
      LabelledScore all = LabelledScore.combine(withIncidents);
      LabelledScore quiet = LabelledScore.combine(clean);
      LabelledScore both = LabelledScore.combine(List.of(all, quiet));
      System.out.printf(
          "== %s %s: %d fleets with incidents + %d incident-free, %d functions x %d minutes each"
              + " (%.0f s)%n%s%nsensitivity (magnitude meaning: see Incident):%n%s%n"
              + "incident-free fleets: %d false alarms in %.0f function-hours = %.2f per 1,000%n"
              + "all fleets: %.2f false alarms per 1,000 function-hours%n%s%n%s%n",
          name,
          Arrays.toString(set),
          withIncidents.size(),
          clean.size(),
          functions,
          minutes,
          (System.nanoTime() - t0) / 1e9,
          all.summary(),
          Sensitivity.table(all.verdicts),
          quiet.falseAlarms.size(),
          quiet.functionHours,
          quiet.falseAlarmsPer1000FunctionHours(),
          both.falseAlarmsPer1000FunctionHours(),
          both.details(),
          new Detectability(all.verdicts, all.oracle, RandomisedEvaluation.defaultThreshold())
              .table());
    }

    private Integer classic() throws Exception {
      for (long seed : seeds) {
        Path dir = fresh(output.resolve("seed-" + seed));
        IncidentScore score = IncidentEvaluation.run(seed, functions, minutes, dir, 2);
        System.out.printf(
            "== seed %d, %d functions, %d fleet minutes%n%s%n",
            seed, functions, minutes, score.table());
        if (report) {
          Path file = dir.resolve("report.html");
          io.vigil.cli.report.HtmlReport.write(
              dir, file, "Vigil evaluation: seed " + seed + ", " + functions + " functions");
          System.out.println("Report: " + file);
        }
      }
      return 0;
    }
  }

  @Command(
      name = "labelled",
      mixinStandardHelpOptions = true,
      description = {
        "Replays a recording (as written by 'vigil simulate' or 'vigil record') through the job",
        "and scores its findings against a labels file {\"incidents\":[{\"id\",\"type\",",
        "\"function\",\"start_ms\",\"end_ms\"}]}: recall per type, false alarms per 1,000",
        "function-hours, time-to-detect; recommendations counted apart."
      })
  static final class Labelled implements Callable<Integer> {
    @Option(names = "--recording", required = true, description = "Recording folder.")
    Path recording;

    @Option(names = "--labels", required = true, description = "Labels JSON file.")
    Path labels;

    @Option(
        names = "--output",
        defaultValue = "eval-labelled-out",
        description = "Scratch folder for the replay's outputs (default: eval-labelled-out).")
    Path output;

    @Mixin JobSettings settings;

    @Override
    public Integer call() throws Exception {
      if (!Files.isDirectory(recording)) {
        throw new IllegalArgumentException("--recording: no folder " + recording);
      }
      List<Label> truth = Label.read(labels);
      Configuration conf = settings.toConfiguration();
      conf.set(VigilOptions.SOURCE, SourceOptions.Kind.REPLAY);
      conf.set(VigilOptions.REPLAY_INPUT, recording.toString());
      conf.set(VigilOptions.OUTPUT_DIR, fresh(output).toString());
      conf.set(VigilOptions.CONSOLE, false);
      LocalRunner.runBounded(conf);
      long bucketMs = conf.get(VigilOptions.BUCKET).toMillis();
      LabelledScore s =
          LabelledScore.score(
              IncidentScore.readFindings(output.resolve("findings.jsonl")),
              truth,
              FunctionHours.fromMetrics(output.resolve("metrics.jsonl"), bucketMs),
              bucketMs);
      System.out.print(s.summary());
      System.out.print(s.details());
      return 0;
    }
  }

  static Path fresh(Path dir) throws java.io.IOException {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return Files.createDirectories(dir);
  }
}
