package io.vigil.cli;

import io.vigil.jobs.kinesis.KinesisWriter;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.io.RecordingFormat;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** {@code vigil simulate}: writes the simulated fleet's records in the recording format. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates a fleet and writes its Kinesis records (real AWS formats inside) as JSONL,",
      "one file per stream: lambda_logs.jsonl, flow_logs.jsonl, billing.jsonl,",
      "or puts them into three Kinesis streams (--to kinesis, PutRecords)."
    })
public final class SimulateCommand implements Callable<Integer> {
  enum Target {
    files,
    kinesis
  }

  @Option(
      names = "--to",
      defaultValue = "files",
      description = "Where to write: ${COMPLETION-CANDIDATES}.")
  Target to;

  @Option(
      names = "--output",
      defaultValue = "recording",
      description = "Output folder of --to files (default: recording).")
  Path output;

  @Option(
      names = "--minutes",
      defaultValue = "360",
      description = "Fleet minutes to simulate (default: 360).")
  long minutes;

  @Mixin FleetOptions fleet;

  @Option(
      names = "--corrupt-every",
      defaultValue = "0",
      description = "Corrupt every N-th Lambda record (default: never).")
  int corruptEvery;

  @Mixin KinesisStreams kinesis;

  @Option(
      names = "--create-streams",
      description = "Create the Kinesis streams that do not exist yet (--shards each).")
  boolean createStreams;

  @Option(
      names = "--shards",
      defaultValue = "2",
      description = "Shards per created stream (default: 2).")
  int shards;

  @Option(
      names = "--clock-factor",
      defaultValue = "0",
      description =
          "Kinesis: fleet seconds per wall second for a live feed (1 = real time); 0 = as fast as"
              + " possible (default).")
  double clockFactor;

  @Option(
      names = "--start",
      description =
          "Fleet start time, ISO-8601 or 'now' (default: 2025-11-20T00:00:00Z). Use 'now' for a"
              + " live feed, so event times match Kinesis arrival times.")
  String start;

  @Option(
      names = "--late-delivery",
      description =
          "Realistic delivery delays: flow records 1-5 min late, billing rows 2-6 h late, each"
              + " record written when it arrives (replay with -D vigil.replay.order=arrival).")
  boolean lateDelivery;

  @Override
  public Integer call() throws Exception {
    if (minutes <= 0) throw new IllegalArgumentException("--minutes must be positive");
    SimulationConfig config = fleet.applyTo(new SimulationConfig());
    config.corruptEvery = corruptEvery;
    config.lateDelivery = lateDelivery;
    if (start != null) {
      config.start =
          "now".equalsIgnoreCase(start)
              ? Instant.now().truncatedTo(ChronoUnit.MINUTES)
              : Instant.parse(start);
    }
    FleetSimulator sim = new FleetSimulator(config);
    if (to == Target.kinesis) return toKinesis(sim, config.functions);
    Map<StreamKind, Long> counts = writeRecording(sim, minutes, output);
    System.out.printf(
        "Wrote %d fleet minutes of %d functions to %s: %s%n",
        minutes, config.functions, output, counts);
    sim.incidents().forEach(i -> System.out.println("  incident: " + i));
    return 0;
  }

  /**
   * Writes {@code minutes} of the simulated fleet as a recording: one JSONL file per stream, plus
   * the fleet's ENI map as {@code eni-map.json}, so {@code vigil replay} attributes the flows
   * without extra options. Returns the records written per stream.
   */
  public static Map<StreamKind, Long> writeRecording(FleetSimulator sim, long minutes, Path output)
      throws java.io.IOException {
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
    io.vigil.models.Json.MAPPER
        .writerWithDefaultPrettyPrinter()
        .writeValue(
            output.resolve(io.vigil.jobs.Sources.RECORDING_ENI_MAP).toFile(),
            new java.util.TreeMap<>(sim.eniToFunction()));
    return counts;
  }

  private int toKinesis(FleetSimulator sim, int functions) throws InterruptedException {
    if (shards < 1) throw new IllegalArgumentException("--shards must be >= 1");
    Map<StreamKind, String> names = kinesis.byKind();
    if (names.size() != StreamKind.values().length) {
      throw new IllegalArgumentException("--streams: give all three stream names");
    }
    try (KinesisClient client = kinesis.client()) {
      if (createStreams) KinesisWriter.createStreams(client, names.values(), shards);
      KinesisWriter writer = new KinesisWriter(client, names);
      writer.putMinutes(sim, minutes, clockFactor);
      System.out.printf(
          "Put %d fleet minutes of %d functions into %s: %s (%d entries retried)%n",
          minutes, functions, names.values(), writer.written(), writer.retriedEntries());
    }
    sim.incidents().forEach(i -> System.out.println("  incident: " + i));
    return 0;
  }
}
