package io.vigil.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.VigilJob;
import io.vigil.jobs.VigilOptions;
import io.vigil.jobs.kinesis.KinesisClients;
import io.vigil.jobs.kinesis.KinesisWriter;
import io.vigil.jobs.options.SourceOptions;
import io.vigil.models.Json;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import io.vigil.operators.sink.JsonLinesFiles;
import io.vigil.operators.source.KinesisSources;
import io.vigil.testkit.kinesalite.Kinesalite;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Put-to-output latency on real Kinesis APIs: starts kinesalite, runs the whole job on it (Kinesis
 * source, LATEST), feeds the simulated fleet at a steady rate (one fleet minute every {@code 60 /
 * clockFactor} wall seconds) and watches the committed output files.
 *
 * <p>A line's latency is the wall time from the moment the last record of its evidence was put
 * (PutRecords returned for every record of the fleet minute holding the line's bucket or window
 * end) until the line was visible in a committed output file (polled every {@link #POLL}). It
 * includes waiting for the watermark (one bucket plus the sources' out-of-orderness, in fleet time,
 * divided by the clock factor) and the file sinks' commit at the next checkpoint.
 */
public final class LatencyBenchmark {
  static final Duration POLL = Duration.ofMillis(100);

  /** Fleet minutes fed after the measured ones, so the watermark closes their buckets. */
  static final int TAIL_MINUTES = 3;

  private static final Map<StreamKind, String> STREAMS = new EnumMap<>(StreamKind.class);

  static {
    STREAMS.put(StreamKind.LAMBDA_LOGS, "bench-lambda-logs");
    STREAMS.put(StreamKind.FLOW_LOGS, "bench-flow-logs");
    STREAMS.put(StreamKind.BILLING, "bench-billing");
  }

  private LatencyBenchmark() {}

  /** Latencies of one output kind, in milliseconds. */
  public record Latencies(String output, List<Double> millis) {
    public double quantile(double q) {
      return Stats.quantile(Stats.sorted(millis), q);
    }

    public String report() {
      return millis.isEmpty()
          ? String.format("  %s lines: none within the run%n", output)
          : String.format(
              "  %s lines: %,d, put to line p50 %,.0f ms, p99 %,.0f ms, max %,.0f ms%n",
              output, millis.size(), quantile(0.5), quantile(0.99), quantile(1.0));
    }
  }

  /** What one latency run measured. */
  public record Result(
      long records,
      long minutes,
      double feedSeconds,
      double clockFactor,
      Duration checkpointInterval,
      Duration idleness,
      Latencies metrics,
      Latencies findings,
      String load) {
    public String report() {
      return String.format(
              "latency on kinesalite: %,d records (%d fleet minutes) put in %.1f s = %,.0f records/s"
                  + " steady (%.0f fleet seconds per wall second), checkpoints every %d ms,"
                  + " shard idleness %d ms, load %s%n",
              records,
              minutes,
              feedSeconds,
              records / feedSeconds,
              clockFactor,
              checkpointInterval.toMillis(),
              idleness.toMillis(),
              load)
          + metrics.report()
          + findings.report();
    }
  }

  /**
   * What to run: {@code warmupMinutes} fleet minutes put at full speed (baselines; not measured),
   * then {@code minutes} at {@code clockFactor} fleet seconds per wall second; the job checkpoints
   * every {@code checkpointInterval} and marks a shard idle after {@code idleness} of silence (wall
   * time); the last lines are awaited for up to {@code drain}.
   */
  public record Settings(
      int functions,
      long warmupMinutes,
      long minutes,
      double clockFactor,
      Duration checkpointInterval,
      Duration idleness,
      Duration drain,
      Configuration extra) {}

  /** Runs the whole measurement: kinesalite, the job, the feed, the watch of the outputs. */
  public static Result run(Settings settings, Path work, PrintStream log) throws Exception {
    int functions = settings.functions();
    long warmupMinutes = settings.warmupMinutes();
    long minutes = settings.minutes();
    double clockFactor = settings.clockFactor();
    Duration checkpointInterval = settings.checkpointInterval();
    Duration drain = settings.drain();
    try (Kinesalite kinesalite = Kinesalite.start();
        var client = KinesisClients.create(kinesalite.endpoint(), "us-east-1")) {
      KinesisWriter.createStreams(client, STREAMS.values(), 2);
      SimulationConfig sim = new SimulationConfig();
      sim.functions = functions;
      // fleet time ends about now, as records that really arrived would
      long total = warmupMinutes + minutes;
      sim.start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(total));
      FleetSimulator fleet = new FleetSimulator(sim);
      Path out = work.resolve("out");
      JobClient job = start(config(kinesalite.endpoint(), out, work, settings, fleet));
      try {
        awaitRunning(job);
        KinesisWriter writer = new KinesisWriter(client, STREAMS);
        writer.putMinutes(fleet, warmupMinutes, 0);
        long warmupRecords = sum(writer.written());
        long firstMeasured = sim.start.toEpochMilli() + warmupMinutes * 60_000;
        TreeMap<Long, Long> putDone = new TreeMap<>(); // fleet minute end -> wall ms all put
        Watcher watcher = new Watcher(out);
        CompletableFuture<Void> polling = CompletableFuture.runAsync(watcher::pollUntilStopped);
        long t0 = System.nanoTime();
        // TAIL more minutes at the same rate move the watermark past the last measured bucket
        for (long m = 0; m < minutes + TAIL_MINUTES; m++) {
          long due = t0 + (long) (m * 60e9 / clockFactor);
          long wait = due - System.nanoTime();
          if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
          long records = 0;
          for (RawRecord r : fleet.nextMinute()) {
            writer.add(r);
            records++;
          }
          writer.flush();
          putDone.put(firstMeasured + (m + 1) * 60_000, System.currentTimeMillis());
          if (log != null && m % 10 == 0)
            log.printf("fed fleet minute %d (%d records)%n", m, records);
        }
        double feedSeconds = (System.nanoTime() - t0) / 1e9;
        long lastEnd = firstMeasured + minutes * 60_000;
        watcher.awaitEnd(lastEnd, drain);
        watcher.stop();
        polling.get(30, TimeUnit.SECONDS);
        putDone.tailMap(lastEnd, false).clear(); // the tail's lines are not measured
        return new Result(
            sum(writer.written()) - warmupRecords,
            minutes + TAIL_MINUTES,
            feedSeconds,
            clockFactor,
            checkpointInterval,
            settings.idleness(),
            watcher.latencies("metrics", "bucketEnd", putDone, firstMeasured),
            watcher.latencies("findings", "windowEnd", putDone, firstMeasured),
            LoadAverage.now());
      } finally {
        job.cancel().get(60, TimeUnit.SECONDS);
      }
    }
  }

  private static long sum(Map<StreamKind, Long> written) {
    return written.values().stream().mapToLong(Long::longValue).sum();
  }

  static Configuration config(
      String endpoint, Path out, Path work, Settings settings, FleetSimulator fleet)
      throws IOException {
    Files.createDirectories(work);
    Path eniMap = work.resolve("enis.csv");
    StringBuilder csv = new StringBuilder("eni,function\n");
    fleet.eniToFunction().forEach((eni, fn) -> csv.append(eni).append(',').append(fn).append('\n'));
    Files.writeString(eniMap, csv);
    // The user's -D options first: the keys below (source, streams, outputs) are the bench's own.
    Configuration conf = new Configuration(settings.extra());
    conf.set(VigilOptions.SOURCE, SourceOptions.Kind.KINESIS);
    conf.set(VigilOptions.KINESIS_ENDPOINT, endpoint);
    conf.set(VigilOptions.KINESIS_CREDENTIALS, KinesisSources.Credentials.BASIC);
    conf.set(VigilOptions.KINESIS_INITIAL_POSITION, KinesisSources.InitialPosition.TRIM_HORIZON);
    conf.set(VigilOptions.KINESIS_LAMBDA_STREAM, STREAMS.get(StreamKind.LAMBDA_LOGS));
    conf.set(VigilOptions.KINESIS_FLOW_STREAM, STREAMS.get(StreamKind.FLOW_LOGS));
    conf.set(VigilOptions.KINESIS_BILLING_STREAM, STREAMS.get(StreamKind.BILLING));
    conf.set(VigilOptions.FLOWS_ENI_MAP, eniMap.toString());
    conf.set(VigilOptions.OUTPUT_DIR, out.toString());
    conf.set(VigilOptions.CONSOLE, false);
    conf.set(VigilOptions.CHECKPOINT_INTERVAL, settings.checkpointInterval());
    conf.set(VigilOptions.IDLENESS, settings.idleness());
    conf.set(VigilOptions.CHECKPOINT_DIR, work.resolve("checkpoints").toUri().toString());
    try (ServerSocket s = new ServerSocket(0)) {
      conf.set(VigilOptions.WEB_UI_PORT, s.getLocalPort());
    }
    return conf;
  }

  private static JobClient start(Configuration conf) throws Exception {
    StreamExecutionEnvironment env = LocalRunner.environment(conf);
    VigilJob.build(env, conf);
    return env.executeAsync("Vigil latency benchmark");
  }

  /** Waits until every task runs, so the first put is not timed against the job's start-up. */
  private static void awaitRunning(JobClient job) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (job.getJobStatus().get() != org.apache.flink.api.common.JobStatus.RUNNING) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("job did not start");
      Thread.sleep(100);
    }
    Thread.sleep(3000); // sources assigned their shards and polling
  }

  /** Polls the committed output files and notes when each line first appeared. */
  static final class Watcher {
    private final Path out;
    private final Map<String, List<Seen>> seen = new TreeMap<>();
    private final Set<String> known = new HashSet<>();
    private volatile boolean stopped;

    record Seen(JsonNode line, long wallMillis) {}

    Watcher(Path out) {
      this.out = out;
    }

    void pollUntilStopped() {
      while (!stopped) {
        poll();
        try {
          Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      poll();
    }

    synchronized void poll() {
      long now = System.currentTimeMillis();
      for (String output : List.of("metrics", "findings")) {
        for (String line : JsonLinesFiles.lines(out, output)) {
          if (!known.add(output + line)) continue;
          try {
            seen.computeIfAbsent(output, k -> new ArrayList<>())
                .add(new Seen(Json.MAPPER.readTree(line), now));
          } catch (IOException e) {
            throw new IllegalStateException("unreadable " + output + " line: " + line, e);
          }
        }
      }
    }

    /** Waits until a metric bucket ending at or after {@code lastEnd} is out, or {@code drain}. */
    void awaitEnd(long lastEnd, Duration drain) throws InterruptedException {
      long deadline = System.nanoTime() + drain.toNanos();
      while (System.nanoTime() < deadline) {
        synchronized (this) {
          for (Seen s : seen.getOrDefault("metrics", List.of())) {
            if (s.line.path("bucketEnd").asLong() >= lastEnd) return;
          }
        }
        Thread.sleep(POLL.toMillis());
      }
    }

    void stop() {
      stopped = true;
    }

    /**
     * Latency of each line of {@code output} whose {@code endField} falls in the measured feed:
     * seen time minus the time the fleet minute holding that end was fully put.
     */
    synchronized Latencies latencies(
        String output, String endField, TreeMap<Long, Long> putDone, long firstMeasured) {
      List<Double> millis = new ArrayList<>();
      for (Seen s : seen.getOrDefault(output, List.of())) {
        long end = s.line.path(endField).asLong();
        if (end <= firstMeasured) continue; // evidence from the warm-up feed
        Map.Entry<Long, Long> put = putDone.ceilingEntry(end);
        if (put == null) continue; // beyond the feed
        millis.add((double) (s.wallMillis - put.getValue()));
      }
      return new Latencies(output, millis);
    }
  }
}
