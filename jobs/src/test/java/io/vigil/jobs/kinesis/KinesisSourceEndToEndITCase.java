package io.vigil.jobs.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.Sources;
import io.vigil.jobs.VigilJob;
import io.vigil.jobs.VigilOptions;
import io.vigil.jobs.options.SourceOptions;
import io.vigil.models.Json;
import io.vigil.models.decode.DecodeFailure;
import io.vigil.models.decode.DecodeResult;
import io.vigil.models.decode.DecoderConfig;
import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.io.RecordingFormat;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import io.vigil.operators.sink.JsonLinesFiles;
import io.vigil.operators.sink.JsonLinesSink;
import io.vigil.operators.source.KinesisSources;
import io.vigil.testkit.kinesalite.Kinesalite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The job reading real Kinesis APIs: kinesalite (started by {@link Kinesalite}), three streams of
 * two shards, the simulated fleet put with the code of {@code vigil simulate --to kinesis}, the job
 * with {@code vigil.source=kinesis} from TRIM_HORIZON, stopped with a savepoint mid-stream (a live
 * feed keeps putting records while it stops and while the second job starts) and restarted from it
 * while more records arrive.
 *
 * <p>What is asserted, and why it is exact: the first job is stopped with {@code
 * stopWithSavepoint(drain=false)} right after its first completed checkpoint, which lists no
 * finished task (see {@link FinishedOperators}: the empty policy source stays open on Kinesis
 * input, so no task finishing can race the stop), the second starts from that savepoint and is
 * finally stopped with {@code stopWithSavepoint(drain=true)}, which fires all event-time timers so
 * every open bucket is emitted. Stop-with-savepoint leaves no replay: the sinks flush at the
 * savepoint and the sources resume right after the sequence numbers the savepoint holds. So (1) the
 * (stream, shard, sequence number) of every record the job saw, tapped right after the sources,
 * over both runs, is exactly the set in the streams: no duplicate, none missing; (2) the dead
 * letters of both runs (which carry sequence numbers) are exactly those the decoder yields on the
 * stream contents; (3) per function, the invocations summed over all metric buckets of both runs
 * equal the invocations the decoder finds in the stream contents, i.e. one uninterrupted pass over
 * the same records (late events are folded into a bucket, never dropped, so the totals do not
 * depend on watermark timing). With a failover instead of a stop, the JSONL sinks are at-least-once
 * and (1)-(3) would only hold as sets.
 */
class KinesisSourceEndToEndITCase {
  private static final int FUNCTIONS = 10;
  private static final long SEED = 42;
  private static final Map<StreamKind, String> STREAMS = new EnumMap<>(StreamKind.class);

  static {
    STREAMS.put(StreamKind.LAMBDA_LOGS, "it-lambda-logs");
    STREAMS.put(StreamKind.FLOW_LOGS, "it-flow-logs");
    STREAMS.put(StreamKind.BILLING, "it-billing");
  }

  @TempDir static Path tmp;
  static Kinesalite kinesalite;
  static Path out;
  static List<RawRecord> inStreams;
  static List<String> seenRun1;
  static List<String> seenRun2;

  @BeforeAll
  static void runTwice() throws Exception {
    kinesalite = Kinesalite.start();
    out = tmp.resolve("out");
    SimulationConfig sim = new SimulationConfig();
    sim.seed = SEED;
    sim.functions = FUNCTIONS;
    sim.corruptEvery = 40;
    // Fleet time ends about now, as for records that really arrived in the last two hours (the
    // watermarks follow the records' own event times, so any fleet time would do).
    sim.start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(120));
    FleetSimulator fleet = new FleetSimulator(sim);
    Path eniMap = tmp.resolve("enis.csv");
    Files.writeString(
        eniMap,
        "eni,function\n"
            + fleet.eniToFunction().entrySet().stream()
                .map(e -> e.getKey() + "," + e.getValue())
                .collect(Collectors.joining("\n")));

    try (KinesisClient client = KinesisClients.create(kinesalite.endpoint(), "us-east-1")) {
      KinesisWriter.createStreams(client, STREAMS.values(), 2);
      KinesisWriter writer = new KinesisWriter(client, STREAMS);
      writer.putMinutes(fleet, 60, 0); // before the first run

      Path savepoints = tmp.resolve("savepoints");
      Path checkpoints1 = tmp.resolve("checkpoints-1");
      Run run1 = start(config(eniMap, checkpoints1, null));
      // A live feed (2 fleet minutes per wall second) while the first run reads, still going
      // when it is stopped and while the second one starts: nothing may fall into the gap.
      CompletableFuture<Void> feed =
          CompletableFuture.runAsync(
              () -> {
                try {
                  writer.putMinutes(fleet, 30, 120);
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      // Stopped as soon as records were seen and a checkpoint completed: the moment in which,
      // before the empty policy source stayed open, its task finished and raced the stop.
      awaitTrue(
          () ->
              JsonLinesFiles.lines(out, "seen").size() > 0
                  && FinishedOperators.inNewestCheckpoint(checkpoints1).isPresent(),
          "first run: records seen and a checkpoint completed");
      assertThat(FinishedOperators.inNewestCheckpoint(checkpoints1).orElseThrow())
          .as("operators finished while the job runs on Kinesis input")
          .isEmpty();
      String savepoint =
          run1.client()
              .stopWithSavepoint(
                  false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
              .get(60, TimeUnit.SECONDS);
      run1.client().getJobExecutionResult().get(60, TimeUnit.SECONDS);
      seenRun1 = JsonLinesFiles.lines(out, "seen");
      // Run 2's lines are those of the part files committed after run 1 ended. (Not a slice of
      // all lines by count: part files are named <uuid>-<n>, so in about half the runs run 2's
      // files sort before run 1's.)
      List<Path> run1Files = JsonLinesFiles.committedFiles(out, "seen");

      Path checkpoints2 = tmp.resolve("checkpoints-2");
      Run run2 = start(config(eniMap, checkpoints2, savepoint));
      feed.get(2, TimeUnit.MINUTES);
      writer.putMinutes(fleet, 30, 0); // after the restart

      Path recording = tmp.resolve("recording");
      new KinesisRecorder(client).record(STREAMS, recording, ShardIteratorType.TRIM_HORIZON, null);
      inStreams = new ArrayList<>();
      for (StreamKind k : StreamKind.values()) {
        for (String l : lines(recording.resolve(KinesisRecorder.fileName(k)))) {
          inStreams.add(RecordingFormat.fromLine(l));
        }
      }
      assertThat(inStreams.size()).isEqualTo(sum(writer.written()));
      // Every record's coordinates seen at least once (a count would let a doubled record hide a
      // missing one by stopping too early).
      java.util.Set<String> wanted =
          inStreams.stream().map(KinesisSourceEndToEndITCase::key).collect(Collectors.toSet());
      awaitTrue(
          () ->
              JsonLinesFiles.lines(out, "seen").stream()
                  .map(l -> Json.read(l, String.class))
                  .collect(Collectors.toSet())
                  .containsAll(wanted),
          "second run: every record seen");
      run2.client()
          .stopWithSavepoint(true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
          .get(60, TimeUnit.SECONDS);
      run2.client().getJobExecutionResult().get(60, TimeUnit.SECONDS);
      seenRun2 = new ArrayList<>();
      for (Path f : JsonLinesFiles.committedFiles(out, "seen")) {
        if (!run1Files.contains(f)) seenRun2.addAll(lines(f));
      }
      System.out.printf(
          "kinesalite: %d records in the streams %s; first run saw %d, second run %d%n",
          inStreams.size(), writer.written(), seenRun1.size(), seenRun2.size());
    }
  }

  @AfterAll
  static void stopKinesalite() throws Exception {
    if (kinesalite != null) kinesalite.close();
  }

  private static Configuration config(Path eniMap, Path checkpoints, String savepoint) {
    Configuration conf = new Configuration();
    conf.set(VigilOptions.SOURCE, SourceOptions.Kind.KINESIS);
    conf.set(VigilOptions.KINESIS_ENDPOINT, kinesalite.endpoint());
    conf.set(VigilOptions.KINESIS_CREDENTIALS, KinesisSources.Credentials.BASIC);
    conf.set(VigilOptions.KINESIS_INITIAL_POSITION, KinesisSources.InitialPosition.TRIM_HORIZON);
    conf.set(VigilOptions.KINESIS_LAMBDA_STREAM, STREAMS.get(StreamKind.LAMBDA_LOGS));
    conf.set(
        VigilOptions.KINESIS_FLOW_STREAM,
        "arn:aws:kinesis:us-east-1:000000000000:stream/" + STREAMS.get(StreamKind.FLOW_LOGS));
    conf.set(VigilOptions.KINESIS_BILLING_STREAM, STREAMS.get(StreamKind.BILLING));
    conf.set(VigilOptions.FLOWS_ENI_MAP, eniMap.toString());
    conf.set(VigilOptions.OUTPUT_DIR, out.toString());
    conf.set(VigilOptions.CONSOLE, false);
    conf.set(VigilOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    if (savepoint != null) conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    return conf;
  }

  /** A started job. */
  private record Run(JobClient client) {}

  private static Run start(Configuration conf) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
    env.setParallelism(conf.get(VigilOptions.PARALLELISM));
    env.enableCheckpointing(conf.get(VigilOptions.CHECKPOINT_INTERVAL).toMillis());
    Sources.Input input = Sources.create(env, conf);
    input
        .records()
        .map(new Coordinates())
        .uid("test-tap-coordinates")
        .name("Test tap: record coordinates")
        .sinkTo(JsonLinesSink.create(conf.get(VigilOptions.OUTPUT_DIR), "seen"))
        .uid("test-sink-seen")
        .setParallelism(1);
    VigilJob.build(input.records(), input.eniToFunction(), conf);
    return new Run(env.executeAsync("Vigil on kinesalite"));
  }

  /** "STREAM shard sequence" of a raw record. */
  static final class Coordinates implements MapFunction<RawRecord, String> {
    @Override
    public String map(RawRecord r) {
      return key(r);
    }
  }

  static String key(RawRecord r) {
    return r.stream + " " + r.shardId + " " + r.sequenceNumber;
  }

  @Test
  void everyRecordIsReadExactlyOnceAcrossTheRestart() {
    List<String> seen = new ArrayList<>(seenRun1);
    seen.addAll(seenRun2);
    List<String> seenKeys = seen.stream().map(l -> Json.read(l, String.class)).sorted().toList();
    List<String> expected =
        inStreams.stream().map(KinesisSourceEndToEndITCase::key).sorted().toList();
    assertThat(seenRun1).as("first run read something").isNotEmpty();
    assertThat(seenRun2).as("second run read what arrived after the restart").isNotEmpty();
    List<String> k1 = seenRun1.stream().map(l -> Json.read(l, String.class)).toList();
    List<String> k2 = seenRun2.stream().map(l -> Json.read(l, String.class)).toList();
    java.util.Set<String> inBoth = new java.util.TreeSet<>(k1);
    inBoth.retainAll(new java.util.HashSet<>(k2));
    String where =
        String.format(
            "doubled within run 1: %s; within run 2: %s; in both runs: %s",
            difference(k1, List.of()).get("doubled"),
            difference(k2, List.of()).get("doubled"),
            inBoth.stream().limit(20).toList());
    assertThat(difference(seenKeys, expected))
        .as("records missing (in the streams, never seen) or doubled (seen twice); " + where)
        .isEqualTo(Map.of("missing", List.of(), "doubled", List.of(), "unknown", List.of()));
    assertThat(seenKeys).isEqualTo(expected);
    assertThat(inStreams.stream().map(r -> r.stream + " " + r.shardId).distinct().count())
        .as("both shards of the Lambda and flow log streams used")
        .isGreaterThanOrEqualTo(5);
  }

  /** What {@code seen} lacks, repeats, or has beyond {@code expected}, each list short. */
  static Map<String, List<String>> difference(List<String> seen, List<String> expected) {
    Map<String, Long> counts =
        seen.stream().collect(Collectors.groupingBy(k -> k, TreeMap::new, Collectors.counting()));
    java.util.Set<String> wanted = new java.util.HashSet<>(expected);
    Map<String, List<String>> diff = new TreeMap<>();
    diff.put("missing", expected.stream().filter(k -> !counts.containsKey(k)).limit(20).toList());
    diff.put(
        "doubled",
        counts.entrySet().stream()
            .filter(e -> e.getValue() > 1)
            .map(e -> e.getKey() + " x" + e.getValue())
            .limit(20)
            .toList());
    diff.put(
        "unknown", counts.keySet().stream().filter(k -> !wanted.contains(k)).limit(20).toList());
    return diff;
  }

  @Test
  void deadLettersMatchTheCorruptedRecordsOnce() throws IOException {
    RecordDecoder decoder = decoder();
    List<String> expected = new ArrayList<>();
    for (RawRecord r : inStreams) {
      for (DecodeFailure f : decoder.decode(r).failures) expected.add(key(r) + " " + f.reason());
    }
    List<String> actual =
        JsonLinesFiles.lines(out, "dead-letters").stream()
            .map(l -> Json.read(l, DeadLetter.class))
            .map(d -> d.stream + " " + d.shardId + " " + d.sequenceNumber + " " + d.reason)
            .sorted()
            .toList();
    assertThat(expected).isNotEmpty();
    assertThat(actual).isEqualTo(expected.stream().sorted().toList());
  }

  @Test
  void invocationTotalsPerFunctionEqualOneUninterruptedPass() throws IOException {
    RecordDecoder decoder = decoder();
    Map<String, Long> expected = new TreeMap<>();
    for (RawRecord r : inStreams) {
      DecodeResult result = decoder.decode(r);
      for (TelemetryEvent e : result.events) {
        if (e.invocation != null) expected.merge(e.key, 1L, Long::sum);
      }
    }
    List<MetricBucket> buckets =
        JsonLinesFiles.lines(out, "metrics").stream()
            .map(l -> Json.read(l, MetricBucket.class))
            .toList();
    Map<String, Long> actual = new TreeMap<>();
    for (MetricBucket b : buckets) {
      if (b.invocations > 0) actual.merge(b.functionKey, b.invocations, Long::sum);
    }
    assertThat(expected).hasSize(FUNCTIONS);
    assertThat(actual).isEqualTo(expected);
    assertThat(buckets.stream().map(b -> b.id).distinct().count())
        .as("no bucket emitted twice")
        .isEqualTo(buckets.size());
    assertThat(buckets).anySatisfy(b -> assertThat(b.egressBytes).isPositive());
  }

  @Test
  void sourcesHaveStableUidsAndNames() {
    assertThat(KinesisSources.uid(StreamKind.LAMBDA_LOGS)).isEqualTo("source-kinesis-lambda-logs");
    assertThat(KinesisSources.uid(StreamKind.FLOW_LOGS)).isEqualTo("source-kinesis-flow-logs");
    assertThat(KinesisSources.uid(StreamKind.BILLING)).isEqualTo("source-kinesis-billing");
  }

  private static RecordDecoder decoder() {
    DecoderConfig config = new DecoderConfig();
    config.defaultRegion = VigilOptions.DEFAULT_REGION.defaultValue();
    return new RecordDecoder(config);
  }

  private static long sum(Map<StreamKind, Long> m) {
    return m.values().stream().mapToLong(Long::longValue).sum();
  }

  static List<String> lines(Path file) {
    try {
      return Files.exists(file)
          ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList()
          : List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void awaitTrue(BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for: " + what);
      Thread.sleep(200);
    }
  }
}
