package io.vigil.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.VigilJob;
import io.vigil.jobs.VigilOptions;
import io.vigil.jobs.options.RuntimeOptions;
import io.vigil.jobs.options.SourceOptions;
import io.vigil.models.Json;
import io.vigil.models.decode.DecodeResult;
import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.io.RecordingFormat;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * End-to-end throughput: records a simulated fleet to files, measures a bare read+decode loop on
 * one thread, then replays the same files through the whole job on a MiniCluster and reads the
 * state size of its checkpoints from the REST API.
 */
public final class EndToEndBenchmark {
  /** Figures of one run. */
  public record Result(
      long records,
      long lambdaLines,
      long events,
      double bareSeconds,
      double jobSeconds,
      int cores,
      long checkpointBytes,
      long keys) {
    public double bareLambdaLinesPerSecond() {
      return lambdaLines / bareSeconds;
    }

    public double jobLambdaLinesPerSecondPerCore() {
      return lambdaLines / jobSeconds / cores;
    }

    public String report() {
      return String.format(
          "records %,d  lambda log lines %,d  events %,d%n"
              + "bare read+decode loop (1 thread): %,.0f lambda lines/s, %,.0f events/s%n"
              + "whole job on MiniCluster (%d cores): %.1f s, %,.0f lambda lines/s, %,.0f events/s"
              + " = %,.0f lambda lines/s per core (%.0f%% of the bare loop)%n"
              + "state: last checkpoint %,d bytes for %d keys = %,.0f bytes per key (incl. operator state)%n",
          records,
          lambdaLines,
          events,
          bareLambdaLinesPerSecond(),
          events / bareSeconds,
          cores,
          jobSeconds,
          lambdaLines / jobSeconds,
          events / jobSeconds,
          jobLambdaLinesPerSecondPerCore(),
          100 * jobLambdaLinesPerSecondPerCore() / bareLambdaLinesPerSecond(),
          checkpointBytes,
          keys,
          keys == 0 ? 0.0 : (double) checkpointBytes / keys);
    }
  }

  private EndToEndBenchmark() {}

  /** The bare loop's figures over one recording. */
  record Bare(long records, long lambdaLines, long events, double seconds, long keys) {}

  /** The whole job's figures over one recording. */
  record Job(double seconds, int cores, long checkpointBytes) {}

  public static Result run(
      int functions,
      long minutes,
      int parallelism,
      RuntimeOptions.StateBackend stateBackend,
      Path work)
      throws Exception {
    Path recording = work.resolve("recording");
    record(functions, minutes, recording);
    Bare bare = bare(recording);
    Job job = job(recording, functions, parallelism, stateBackend, work.resolve("job"));
    return result(bare, job);
  }

  private static Result result(Bare bare, Job job) {
    return new Result(
        bare.records,
        bare.lambdaLines,
        bare.events,
        bare.seconds,
        job.seconds,
        job.cores,
        job.checkpointBytes,
        bare.keys);
  }

  /**
   * The scaling curve: for 200, 2,000 and 20,000 functions (one recording each, {@code minutes}
   * long at 200 functions and shorter for more, so each holds about as many lines), the whole job
   * at parallelism 1 and 2 on both state backends. Prints one row per run as it finishes.
   */
  public static void curve(long minutes, Path work, PrintStream out) throws Exception {
    out.println(
        "| functions | minutes | lambda lines | bare loop lines/s | backend | parallelism |"
            + " job lines/s per core | share of bare loop | checkpoint bytes per key |");
    out.println("|---|---|---|---|---|---|---|---|---|");
    for (int functions : new int[] {200, 2_000, 20_000}) {
      long m = Math.max(2, minutes * 200 / functions);
      Path recording = work.resolve("recording-" + functions);
      record(functions, m, recording);
      Bare bare = bare(recording);
      for (RuntimeOptions.StateBackend backend : RuntimeOptions.StateBackend.values()) {
        for (int parallelism : new int[] {1, 2}) {
          Path dir = work.resolve("job-" + functions + "-" + backend + "-" + parallelism);
          Result r = result(bare, job(recording, functions, parallelism, backend, dir));
          out.printf(
              "| %,d | %d | %,d | %,.0f | %s | %d | %,.0f | %.0f%% | %,.0f |%n",
              functions,
              m,
              r.lambdaLines(),
              r.bareLambdaLinesPerSecond(),
              backend.name().toLowerCase(java.util.Locale.ROOT),
              parallelism,
              r.jobLambdaLinesPerSecondPerCore(),
              100 * r.jobLambdaLinesPerSecondPerCore() / r.bareLambdaLinesPerSecond(),
              r.keys() == 0 ? 0.0 : (double) r.checkpointBytes() / r.keys());
          out.flush();
        }
      }
    }
  }

  /** Bare loop: the same parsing the job does, without Flink, on one thread. */
  static Bare bare(Path recording) throws IOException {
    RecordDecoder decoder = new RecordDecoder();
    long records = 0, lambdaLines = 0, events = 0;
    java.util.Set<String> keys = new java.util.HashSet<>();
    long t0 = System.nanoTime();
    for (Path file : listFiles(recording)) {
      try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
        for (String line : (Iterable<String>) lines::iterator) {
          RawRecord r = RecordingFormat.fromLine(line);
          DecodeResult d = decoder.decode(r);
          records++;
          events += d.events.size();
          if (r.streamKind() == StreamKind.LAMBDA_LOGS) {
            lambdaLines += d.events.size() + d.skippedLines + d.failures.size();
          }
          for (var e : d.events) if (e.flow == null) keys.add(e.key);
        }
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Bare(records, lambdaLines, events, seconds, keys.size());
  }

  /** The whole job replaying the recording on a MiniCluster, checkpointing every second. */
  static Job job(
      Path recording,
      int functions,
      int parallelism,
      RuntimeOptions.StateBackend stateBackend,
      Path work)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Configuration conf = new Configuration();
    conf.set(VigilOptions.SOURCE, SourceOptions.Kind.REPLAY);
    conf.set(VigilOptions.REPLAY_INPUT, recording.toString());
    conf.set(VigilOptions.OUTPUT_DIR, work.resolve("out").toString());
    conf.set(VigilOptions.CONSOLE, false);
    conf.set(VigilOptions.SIM_FUNCTIONS, functions);
    conf.set(VigilOptions.PARALLELISM, parallelism);
    conf.set(VigilOptions.STATE_BACKEND, stateBackend);
    conf.set(VigilOptions.WEB_UI_PORT, port);
    conf.set(VigilOptions.CHECKPOINT_INTERVAL, java.time.Duration.ofSeconds(1));
    conf.set(VigilOptions.CHECKPOINT_DIR, work.resolve("checkpoints").toUri().toString());
    StreamExecutionEnvironment env = LocalRunner.environment(conf);
    VigilJob.build(env, conf);
    JobClient client = env.executeAsync("Vigil benchmark");
    long checkpointBytes = 0;
    while (!client.getJobExecutionResult().isDone()) {
      Thread.sleep(500);
      checkpointBytes =
          Math.max(checkpointBytes, latestCheckpointBytes(port, client.getJobID().toString()));
    }
    JobExecutionResult result = client.getJobExecutionResult().get();
    double jobSeconds = result.getNetRuntime() / 1000.0;
    int cores = Math.min(parallelism, Runtime.getRuntime().availableProcessors());
    return new Job(jobSeconds, cores, checkpointBytes);
  }

  private static long latestCheckpointBytes(int port, String jobId) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://localhost:" + port + "/jobs/" + jobId + "/checkpoints"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonNode latest = Json.MAPPER.readTree(r.body()).path("latest").path("completed");
      return latest.path("state_size").asLong(latest.path("checkpointed_size").asLong(0));
    } catch (Exception e) {
      return 0; // the job may be finishing; keep the last figure
    }
  }

  private static List<Path> listFiles(Path dir) throws IOException {
    try (var s = Files.list(dir)) { // the record files, not the recording's eni-map.json
      return s.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    }
  }

  static void record(int functions, long minutes, Path dir) throws IOException {
    SimulationConfig config = new SimulationConfig();
    config.functions = functions;
    io.vigil.cli.SimulateCommand.writeRecording(new FleetSimulator(config), minutes, dir);
  }
}
