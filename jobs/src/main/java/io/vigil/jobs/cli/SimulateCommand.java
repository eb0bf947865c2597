package io.vigil.jobs.cli;

import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.io.RecordingFormat;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil simulate}: writes the simulated fleet's records in the recording format. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates a fleet and writes its Kinesis records (real AWS formats inside) as JSONL,",
      "one file per stream: lambda_logs.jsonl, flow_logs.jsonl, billing.jsonl."
    })
public final class SimulateCommand implements Callable<Integer> {
  enum Target {
    files
  }

  @Option(
      names = "--to",
      defaultValue = "files",
      description = "Where to write: ${COMPLETION-CANDIDATES}.")
  Target to;

  @Option(
      names = "--output",
      defaultValue = "recording",
      description = "Output folder (default: recording).")
  Path output;

  @Option(
      names = "--minutes",
      defaultValue = "360",
      description = "Fleet minutes to simulate (default: 360).")
  long minutes;

  @Option(names = "--functions", defaultValue = "50", description = "Functions (default: 50).")
  int functions;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default: 42).")
  long seed;

  @Option(names = "--scenario", description = "Incident scenario YAML (default: built-in demo).")
  String scenario;

  @Option(
      names = "--corrupt-every",
      defaultValue = "0",
      description = "Corrupt every N-th Lambda record (default: never).")
  int corruptEvery;

  @Override
  public Integer call() throws Exception {
    if (minutes <= 0) throw new IllegalArgumentException("--minutes must be positive");
    SimulationConfig config = new SimulationConfig();
    config.seed = seed;
    config.functions = functions;
    config.scenarioPath = scenario;
    config.corruptEvery = corruptEvery;
    FleetSimulator sim = new FleetSimulator(config);
    Files.createDirectories(output);
    Map<StreamKind, BufferedWriter> writers = new EnumMap<>(StreamKind.class);
    Map<StreamKind, Long> counts = new EnumMap<>(StreamKind.class);
    try {
      for (StreamKind k : StreamKind.values()) {
        writers.put(
            k,
            Files.newBufferedWriter(
                output.resolve(k.name().toLowerCase() + ".jsonl"), StandardCharsets.UTF_8));
        counts.put(k, 0L);
      }
      for (long m = 0; m < minutes; m++) {
        for (RawRecord r : sim.nextMinute()) {
          BufferedWriter w = writers.get(r.streamKind());
          w.write(RecordingFormat.toLine(r));
          w.newLine();
          counts.merge(r.streamKind(), 1L, Long::sum);
        }
      }
    } finally {
      for (BufferedWriter w : writers.values()) w.close();
    }
    System.out.printf(
        "Wrote %d fleet minutes of %d functions to %s: %s%n", minutes, functions, output, counts);
    sim.incidents().forEach(i -> System.out.println("  incident: " + i));
    return 0;
  }
}
