package io.vigil.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.options.SourceOptions;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.event.RawRecord;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.io.RecordingFormat;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import io.vigil.operators.sink.JsonLinesFiles;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backtest over a recording reproduces the live run's findings, id for id. */
class ReplayITCase {
  private static final long MINUTES = 240;
  private static final int FUNCTIONS = 30;

  private static Configuration base(Path out) {
    Configuration conf = new Configuration();
    conf.set(VigilOptions.SIM_FUNCTIONS, FUNCTIONS);
    conf.set(VigilOptions.SIM_CORRUPT_EVERY, 0);
    conf.set(VigilOptions.OUTPUT_DIR, out.toString());
    conf.set(VigilOptions.CONSOLE, false);
    return conf;
  }

  @Test
  void replayReproducesTheLiveFindingsAndDeadLettersBadLines(@TempDir Path dir) throws Exception {
    // Live: the simulator source.
    Configuration live = base(dir.resolve("live"));
    live.set(VigilOptions.SIM_MINUTES, MINUTES);
    live.set(VigilOptions.SIM_CLOCK_FACTOR, 0.0);
    LocalRunner.runBounded(live);

    // Record the same fleet to files, one per stream, plus one malformed line.
    Path recording = dir.resolve("recording");
    Files.createDirectories(recording);
    SimulationConfig sim = new SimulationConfig();
    sim.functions = FUNCTIONS;
    FleetSimulator simulator = new FleetSimulator(sim);
    Map<String, BufferedWriter> writers = new HashMap<>();
    for (long m = 0; m < MINUTES; m++) {
      for (RawRecord r : simulator.nextMinute()) {
        BufferedWriter w =
            writers.computeIfAbsent(
                r.stream,
                s -> {
                  try {
                    return Files.newBufferedWriter(recording.resolve(s.toLowerCase() + ".jsonl"));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        w.write(RecordingFormat.toLine(r));
        w.newLine();
      }
    }
    writers.get("FLOW_LOGS").write("{\"stream\":\"FLOW_LOGS\",\"data\":\"not base64!\"}\n");
    for (BufferedWriter w : writers.values()) w.close();

    // ENI ownership comes from the configured map, as for Kinesis (not from the simulator).
    Path eniMap = dir.resolve("enis.csv");
    StringBuilder csv = new StringBuilder("eni,function\n");
    simulator
        .eniToFunction()
        .forEach((eni, fn) -> csv.append(eni).append(',').append(fn).append('\n'));
    Files.writeString(eniMap, csv);
    Configuration replay = base(dir.resolve("replay"));
    replay.set(VigilOptions.SOURCE, SourceOptions.Kind.REPLAY);
    replay.set(VigilOptions.REPLAY_INPUT, recording.toString());
    replay.set(VigilOptions.FLOWS_ENI_MAP, eniMap.toString());
    replay.set(VigilOptions.SIM_FUNCTIONS, 1); // the simulator's fleet must play no part
    LocalRunner.runBounded(replay);

    List<Finding> liveFindings =
        JsonLinesFiles.read(dir.resolve("live"), "findings", Finding.class);
    List<Finding> replayFindings =
        JsonLinesFiles.read(dir.resolve("replay"), "findings", Finding.class);
    Set<String> liveIds = liveFindings.stream().map(f -> f.id).collect(Collectors.toSet());
    Set<String> replayIds = replayFindings.stream().map(f -> f.id).collect(Collectors.toSet());
    assertThat(liveFindings).isNotEmpty();
    assertThat(replayIds).isEqualTo(liveIds);
    // Flows are attributed to functions, in the function's own region (the map names ARNs):
    // every network finding names a VPC function's ARN and every bucket names a function.
    Set<String> arns = Set.copyOf(simulator.eniToFunction().values());
    assertThat(replayFindings)
        .filteredOn(f -> FindingType.valueOf(f.type).category.equals("network"))
        .isNotEmpty()
        .allSatisfy(
            f ->
                assertThat(arns)
                    .contains(
                        "arn:aws:lambda:"
                            + f.region
                            + ":"
                            + f.accountId
                            + ":function:"
                            + f.functionName));
    assertThat(JsonLinesFiles.read(dir.resolve("replay"), "metrics", MetricBucket.class))
        .isNotEmpty()
        .allSatisfy(b -> assertThat(b.functionName).doesNotStartWith("eni-"));

    List<DeadLetter> dead =
        JsonLinesFiles.read(dir.resolve("replay"), "dead-letters", DeadLetter.class);
    assertThat(dead)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason).isEqualTo("bad-recording-line");
              assertThat(d.stream).isEqualTo("FLOW_LOGS");
              assertThat(d.detail).contains("field 'data'");
            });
  }
}
