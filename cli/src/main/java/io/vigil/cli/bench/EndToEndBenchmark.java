package io.vigil.cli.bench;

import io.vigil.jobs.VigilJob;
import io.vigil.jobs.VigilOptions;
import io.vigil.jobs.options.RuntimeOptions;
import io.vigil.jobs.options.SourceOptions;
import io.vigil.models.decode.DecodeResult;
import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.io.RecordingFormat;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.FunctionSpec;
import io.vigil.models.sim.SimulationConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * End-to-end throughput: records a simulated fleet to files, measures a bare read+decode loop on
 * one thread, then replays the same files through the whole job on a MiniCluster and reads the
 * state size of its checkpoints from the REST API.
 */
public final class EndToEndBenchmark {
  /** Figures of one job run and the bare-loop runs either side of it. */
  public record Result(
      long records,
      long lambdaLines,
      long events,
      double bareSeconds,
      double bareCpuSeconds,
      double jobSeconds,
      double steadyJobSeconds,
      double jobCpuSeconds,
      int cores,
      long keys,
      String load,
      double jitSeconds,
      Map<String, Double> threadCpu,
      CheckpointSizes.Size checkpoint,
      JobPhases.Phases phases,
      double bareSpread) {
    /** The largest checkpoint's full size (0: none seen). */
    public long checkpointBytes() {
      return checkpoint.bytes();
    }

    /**
     * Whether the bare-loop runs either side of the job differ by more than {@link
     * #UNSTEADY_SPREAD}: the host's speed changed around the job, so its share is no reliable
     * figure (the bare loop is the share's denominator).
     */
    public boolean unsteadyHost() {
      return bareSpread > UNSTEADY_SPREAD;
    }

    public double bareLambdaLinesPerSecond() {
      return lambdaLines / bareSeconds;
    }

    public double jobLambdaLinesPerSecondPerCore() {
      return lambdaLines / jobSeconds / cores;
    }

    /** The job's wall-clock rate per core over the bare loop's: what the goal names. */
    public double share() {
      return jobLambdaLinesPerSecondPerCore() / bareLambdaLinesPerSecond();
    }

    /**
     * The same at the job's steady rate: while its sources sent on the middle 80% of their records
     * (deployment before and the bounded job's final checkpoint after left out); NaN if unmeasured.
     */
    public double steadyShare() {
      return lambdaLines / steadyJobSeconds / cores / bareLambdaLinesPerSecond();
    }

    /**
     * Lines per CPU second of the process (all threads: GC and JIT included) during the job over
     * the same during the bare loop: what the job costs per line against the loop, which other
     * processes on the machine disturb far less than wall-clock rates.
     */
    public double cpuShare() {
      return (lambdaLines / jobCpuSeconds) / (lambdaLines / bareCpuSeconds);
    }

    public String report() {
      return String.format(
          "records %,d  lambda log lines %,d  events %,d%n"
              + "bare read+decode loop (1 thread): %,.0f lambda lines/s, %,.0f events/s,"
              + " %,.0f lambda lines per CPU second%n"
              + "whole job on MiniCluster (%d cores): %.1f s, %,.0f lambda lines/s, %,.0f events/s"
              + " = %,.0f lambda lines/s per core (%.1f%% of the bare loop);"
              + " %,.0f lambda lines per CPU second (%.1f%% of the bare loop's)%n"
              + "  steady rate (middle 80%% of the sources' records): %,.0f lambda lines/s per core"
              + " (%.1f%% of the bare loop)%n"
              + "  phases: %s%n"
              + "state (%s): largest checkpoint seen %,d bytes for %d keys = %,.0f bytes per key (incl. operator state)%n"
              + "  by operator chain: %s%n"
              + "load average (1 min) before/after: %s%n"
              + "job CPU by thread group: %s%n"
              + "JIT compile time during the job (CompilationMXBean, all compiler threads): %.1f s%n"
              + "%s",
          records,
          lambdaLines,
          events,
          bareLambdaLinesPerSecond(),
          events / bareSeconds,
          lambdaLines / bareCpuSeconds,
          cores,
          jobSeconds,
          lambdaLines / jobSeconds,
          events / jobSeconds,
          jobLambdaLinesPerSecondPerCore(),
          100 * share(),
          lambdaLines / jobCpuSeconds,
          100 * cpuShare(),
          lambdaLines / steadyJobSeconds / cores,
          100 * steadyShare(),
          phases.format(),
          checkpoint.stateBackend(),
          checkpointBytes(),
          keys,
          keys == 0 ? 0.0 : (double) checkpointBytes() / keys,
          checkpoint.format(),
          load,
          ThreadCpu.format(threadCpu),
          jitSeconds,
          spreadLine());
    }

    private String spreadLine() {
      if (Double.isNaN(bareSpread)) return "";
      return String.format(
          "bare loop runs either side of the job differ by %.1f%%%s%n",
          100 * bareSpread,
          unsteadyHost()
              ? String.format(
                  " (over %.0f%%: the host's speed changed around this job; its share is not a"
                      + " reliable figure)",
                  100 * UNSTEADY_SPREAD)
              : "");
    }
  }

  /**
   * Relative difference between the bare-loop runs either side of a job above which the host is
   * taken to have changed speed. The bare loop alone, 25 runs in one JVM without jobs (round 23),
   * ran at 684-997 k lines/s with its CPU time per line moving alike: the host's speed, not the
   * JIT. Most consecutive runs differ by under 5%.
   */
  static final double UNSTEADY_SPREAD = 0.10;

  /** Relative difference of two bare-loop runs' rates: |a - b| over their mean. */
  static double spread(Bare a, Bare b) {
    double ra = a.lambdaLines / a.seconds, rb = b.lambdaLines / b.seconds;
    return Math.abs(ra - rb) / ((ra + rb) / 2);
  }

  private EndToEndBenchmark() {}

  /**
   * What {@link #run} measures: the fleet, the job's shape, the runs ({@code decodeThreads} is
   * vigil.decode.threads, 0 for the job's default).
   */
  public record Settings(
      int functions,
      long minutes,
      int parallelism,
      RuntimeOptions.StateBackend stateBackend,
      int repeat,
      Warmup warmup,
      int decodeThreads,
      Configuration extra,
      LocalTime middle) {}

  /**
   * Unmeasured jobs before the measured ones: at most {@code maxJobs}, ending after the first whose
   * JIT threads used less than {@code jitShare} of its CPU (0: all of them). The JIT keeps
   * compiling the Flink runtime and the detectors over the first several jobs of a JVM, which a
   * long-running TaskManager does once.
   */
  public record Warmup(int maxJobs, double jitShare) {
    boolean done(Job job) {
      Double jit = job.threadCpu().get("JIT"); // absent where /proc is not readable
      return jitShare > 0 && jit != null && jit < jitShare * job.cpuSeconds();
    }
  }

  /** The bare loop's figures over one recording. */
  record Bare(
      long records, long lambdaLines, long events, double seconds, double cpuSeconds, long keys) {}

  /** The whole job's figures over one recording. */
  record Job(
      double seconds,
      double steadySeconds,
      double cpuSeconds,
      int cores,
      double jitSeconds,
      Map<String, Double> threadCpu,
      CheckpointSizes.Size checkpoint,
      JobPhases.Phases phases) {
    /** The largest checkpoint's full size (0: none seen). */
    long checkpointBytes() {
      return checkpoint.bytes();
    }
  }

  /**
   * One recording, an unmeasured warm-up of the bare loop and unmeasured jobs ({@link Warmup}),
   * then {@code repeat} whole-job runs interleaved with bare-loop runs (bare, job, bare, job, ...,
   * bare): each job is compared with the mean of the bare runs either side of it, so a change of
   * load between runs moves both. Prints the first (cold) job against the first bare run, each
   * measured run, then the median and spread.
   */
  public static List<Result> run(Settings settings, Path work, PrintStream out) throws Exception {
    Path recording = work.resolve("recording");
    Instant start = start(settings.middle(), settings.minutes());
    record(settings.functions(), settings.minutes(), start, recording);
    Bare first = bare(recording); // JIT warm-up, not measured
    out.print(describe(settings.functions(), settings.minutes(), start, first));
    try (BenchCluster cluster = BenchCluster.start(Math.max(2, settings.parallelism()))) {
      return run(settings, cluster, recording, out);
    }
  }

  private static List<Result> run(
      Settings settings, BenchCluster cluster, Path recording, PrintStream out) throws Exception {
    int functions = settings.functions();
    int parallelism = settings.parallelism();
    RuntimeOptions.StateBackend stateBackend = settings.stateBackend();
    int threads = settings.decodeThreads();
    Configuration extra = settings.extra();
    Warmup warmup = settings.warmup();
    int repeat = settings.repeat();
    Path work = recording.getParent();
    Job cold = null;
    for (int i = 1; i <= warmup.maxJobs(); i++) {
      Path dir = work.resolve("job-warmup-" + i);
      Job w = job(cluster, recording, functions, parallelism, stateBackend, threads, extra, dir);
      if (cold == null) cold = w;
      out.printf(
          "warm-up job %d (at most %d, not counted): %.1f s, %.1f CPU s, of which JIT threads"
              + " %.1f s (compile time %.1f s)%n",
          i,
          warmup.maxJobs(),
          w.seconds(),
          w.cpuSeconds(),
          w.threadCpu().getOrDefault("JIT", Double.NaN),
          w.jitSeconds());
      if (warmup.done(w)) break;
    }
    List<Result> results = new ArrayList<>();
    String loadBefore = LoadAverage.now();
    Bare before = bare(recording);
    if (cold != null) {
      Result r = result(before, cold, "(before) " + loadBefore, Double.NaN);
      out.printf("cold: the first job of the JVM against the next bare run%n%s%n", r.report());
    }
    for (int i = 1; i <= repeat; i++) {
      Job job =
          job(
              cluster,
              recording,
              functions,
              parallelism,
              stateBackend,
              threads,
              extra,
              work.resolve("job-" + i));
      Bare after = bare(recording);
      String loadAfter = LoadAverage.now();
      Result r =
          result(mean(before, after), job, loadBefore + " -> " + loadAfter, spread(before, after));
      out.printf("run %d of %d%n%s%n", i, repeat, r.report());
      out.flush();
      results.add(r);
      before = after;
      loadBefore = loadAfter;
    }
    if (repeat > 1) out.print(summary(results));
    return results;
  }

  /**
   * Median and range of the shares and rates over the runs, then the wall-clock share over the runs
   * whose host kept its speed ({@link Result#unsteadyHost}).
   */
  static String summary(List<Result> results) {
    return shares(results) + steadyHostShares(results);
  }

  private static String steadyHostShares(List<Result> results) {
    List<Result> steady = results.stream().filter(r -> !r.unsteadyHost()).toList();
    String head =
        String.format(
            "  runs whose bare loops either side differ by at most %.0f%%: %d of %d",
            100 * UNSTEADY_SPREAD, steady.size(), results.size());
    if (steady.isEmpty()) return head + String.format("%n");
    return head
        + String.format(
            "; their wall-clock share: %.1f%% [%.1f-%.1f%%]%n",
            100 * Stats.median(steady, Result::share),
            100 * Stats.min(steady, Result::share),
            100 * Stats.max(steady, Result::share));
  }

  private static String shares(List<Result> results) {
    return String.format(
        "over %d interleaved runs, median [min-max]:%n"
            + "  share of the bare loop (wall clock, per core): %.1f%% [%.1f-%.1f%%]%n"
            + "  share of the bare loop (lines per CPU second): %.1f%% [%.1f-%.1f%%]%n"
            + "  share of the bare loop (steady rate, per core): %.1f%% [%.1f-%.1f%%]%n"
            + "  bare loop lambda lines/s: %,.0f [%,.0f-%,.0f]%n"
            + "  whole job lambda lines/s per core: %,.0f [%,.0f-%,.0f]%n",
        results.size(),
        100 * Stats.median(results, Result::share),
        100 * Stats.min(results, Result::share),
        100 * Stats.max(results, Result::share),
        100 * Stats.median(results, Result::cpuShare),
        100 * Stats.min(results, Result::cpuShare),
        100 * Stats.max(results, Result::cpuShare),
        100 * Stats.median(results, Result::steadyShare),
        100 * Stats.min(results, Result::steadyShare),
        100 * Stats.max(results, Result::steadyShare),
        Stats.median(results, Result::bareLambdaLinesPerSecond),
        Stats.min(results, Result::bareLambdaLinesPerSecond),
        Stats.max(results, Result::bareLambdaLinesPerSecond),
        Stats.median(results, Result::jobLambdaLinesPerSecondPerCore),
        Stats.min(results, Result::jobLambdaLinesPerSecondPerCore),
        Stats.max(results, Result::jobLambdaLinesPerSecondPerCore));
  }

  /** Two bare runs of the same recording as one: mean time and CPU time. */
  static Bare mean(Bare a, Bare b) {
    return new Bare(
        a.records,
        a.lambdaLines,
        a.events,
        (a.seconds + b.seconds) / 2,
        (a.cpuSeconds + b.cpuSeconds) / 2,
        a.keys);
  }

  private static Result result(Bare bare, Job job, String load, double bareSpread) {
    return new Result(
        bare.records,
        bare.lambdaLines,
        bare.events,
        bare.seconds,
        bare.cpuSeconds,
        job.seconds,
        job.steadySeconds,
        job.cpuSeconds,
        job.cores,
        bare.keys,
        load,
        job.jitSeconds,
        job.threadCpu,
        job.checkpoint,
        job.phases,
        bareSpread);
  }

  /**
   * The scaling curve: for 200, 2,000 and 20,000 functions (one recording each, {@code minutes}
   * long at 200 functions and shorter for more, so each holds about as many lines), the whole job
   * at parallelism 1 and 2 on both state backends, each job between two bare-loop runs, after
   * unmeasured jobs ({@link Warmup}) on each backend on the first recording. Every recording is
   * centred on {@code middle} ({@link #start}). Prints one row per run as it finishes.
   */
  public static void curve(
      long minutes, LocalTime middle, Warmup warmup, Path work, PrintStream out) throws Exception {
    out.println(
        "| functions | minutes | from (UTC) | lambda lines per function-minute | lambda lines | bare loop lines/s | backend | parallelism |"
            + " job lines/s per core | share of bare loop | share per CPU second |"
            + " checkpoint bytes per key | load (1 min) | JIT s | CPU s by thread group |"
            + " bare runs differ by |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    try (BenchCluster cluster = BenchCluster.start(2)) {
      curve(cluster, minutes, middle, warmup, work, out);
    }
  }

  private static void curve(
      BenchCluster cluster,
      long minutes,
      LocalTime middle,
      Warmup warmup,
      Path work,
      PrintStream out)
      throws Exception {
    for (int functions : new int[] {200, 2_000, 20_000}) {
      long m = Math.max(2, minutes * 200 / functions);
      Path recording = work.resolve("recording-" + functions);
      Instant start = start(middle, m);
      record(functions, m, start, recording);
      bare(recording); // JIT warm-up
      if (functions == 200) { // warm JVM-wide after, on each backend's own code
        for (RuntimeOptions.StateBackend backend : RuntimeOptions.StateBackend.values()) {
          warmUp(cluster, recording, functions, backend, warmup, work, out);
        }
      }
      Bare before = bare(recording);
      for (RuntimeOptions.StateBackend backend : RuntimeOptions.StateBackend.values()) {
        for (int parallelism : new int[] {1, 2}) {
          Path dir = work.resolve("job-" + functions + "-" + backend + "-" + parallelism);
          String load = LoadAverage.now();
          Job job =
              job(cluster, recording, functions, parallelism, backend, 0, new Configuration(), dir);
          Bare after = bare(recording);
          Result r =
              result(
                  mean(before, after), job, load + "-" + LoadAverage.now(), spread(before, after));
          before = after;
          out.printf(
              "| %,d | %d | %s | %.1f | %,d | %,.0f | %s | %d | %,.0f | %.0f%% | %.0f%% | %,.0f | %s | %.1f | %s"
                  + " | %.0f%%%s |%n",
              functions,
              m,
              HH_MM.format(start),
              (double) r.lambdaLines() / functions / m,
              r.lambdaLines(),
              r.bareLambdaLinesPerSecond(),
              backend.name().toLowerCase(java.util.Locale.ROOT),
              parallelism,
              r.jobLambdaLinesPerSecondPerCore(),
              100 * r.share(),
              100 * r.cpuShare(),
              r.keys() == 0 ? 0.0 : (double) r.checkpointBytes() / r.keys(),
              r.load(),
              r.jitSeconds(),
              ThreadCpu.format(r.threadCpu()),
              100 * r.bareSpread(),
              r.unsteadyHost() ? " (unsteady host)" : "");
          out.flush();
        }
      }
    }
  }

  /** Unmeasured jobs at parallelism 2 on {@code backend} until {@code warmup} is done. */
  private static void warmUp(
      BenchCluster cluster,
      Path recording,
      int functions,
      RuntimeOptions.StateBackend backend,
      Warmup warmup,
      Path work,
      PrintStream out)
      throws Exception {
    for (int i = 1; i <= warmup.maxJobs(); i++) {
      Path dir = work.resolve("job-warmup-" + backend + "-" + i);
      Job w = job(cluster, recording, functions, 2, backend, 0, new Configuration(), dir);
      out.printf(
          "warm-up job %d on %s (at most %d, not counted): %.1f s, JIT threads %.1f of %.1f CPU s%n",
          i,
          backend.name().toLowerCase(java.util.Locale.ROOT),
          warmup.maxJobs(),
          w.seconds(),
          w.threadCpu().getOrDefault("JIT", Double.NaN),
          w.cpuSeconds());
      if (warmup.done(w)) break;
    }
  }

  /** Bare loop: the same parsing the job does, without Flink, on one thread. */
  static Bare bare(Path recording) throws IOException {
    RecordDecoder decoder = new RecordDecoder();
    long records = 0, lambdaLines = 0, events = 0;
    java.util.Set<String> keys = new java.util.HashSet<>();
    long t0 = System.nanoTime();
    long cpu0 = LoadAverage.processCpuNanos();
    for (Path file : listFiles(recording)) {
      try (var reader = RecordingFormat.reader(file)) { // the source's reader
        for (String line : (Iterable<String>) reader.lines()::iterator) {
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
    double cpuSeconds = (LoadAverage.processCpuNanos() - cpu0) / 1e9;
    return new Bare(records, lambdaLines, events, seconds, cpuSeconds, keys.size());
  }

  /** The whole job replaying the recording on a MiniCluster, checkpointing every second. */
  static Job job(
      BenchCluster cluster,
      Path recording,
      int functions,
      int parallelism,
      RuntimeOptions.StateBackend stateBackend,
      int decodeThreads,
      Configuration extra,
      Path work)
      throws Exception {
    Configuration conf = new Configuration(extra); // -D settings; the bench's own win
    conf.set(VigilOptions.SOURCE, SourceOptions.Kind.REPLAY);
    conf.set(VigilOptions.REPLAY_INPUT, recording.toString());
    conf.set(VigilOptions.OUTPUT_DIR, work.resolve("out").toString());
    conf.set(VigilOptions.CONSOLE, false);
    conf.set(VigilOptions.SIM_FUNCTIONS, functions);
    conf.set(VigilOptions.PARALLELISM, parallelism);
    conf.set(VigilOptions.STATE_BACKEND, stateBackend);
    conf.set(VigilOptions.DECODE_THREADS, decodeThreads);
    if (!extra.contains(VigilOptions.CHECKPOINT_INTERVAL)) {
      conf.set(VigilOptions.CHECKPOINT_INTERVAL, java.time.Duration.ofSeconds(1));
    }
    conf.set(VigilOptions.CHECKPOINT_DIR, work.resolve("checkpoints").toUri().toString());
    StreamExecutionEnvironment env = cluster.environment(conf);
    VigilJob.build(env, conf);
    long cpuAtSubmit = LoadAverage.processCpuNanos();
    JobClient client = env.executeAsync("Vigil benchmark");
    // CPU is counted from the job's RUNNING state on, like its net runtime: the MiniCluster's
    // start-up is not the job's per-line cost
    long cpu0 = -1;
    long jit0 = compileMillis();
    ThreadCpu.Sampler threads = new ThreadCpu.Sampler();
    String jobId = client.getJobID().toString();
    List<long[]> progress = new ArrayList<>();
    while (!client.getJobExecutionResult().isDone()) {
      if (cpu0 < 0 && isRunning(client)) {
        cpu0 = LoadAverage.processCpuNanos();
        jit0 = compileMillis();
        threads.start();
      }
      Thread.sleep(50);
      progress.add(new long[] {System.nanoTime(), SourceProgress.recordsOut(jobId)});
      // No REST calls while the job runs: they are work on the measured machine, and the cluster
      // keeps every checkpoint's statistics (BenchCluster.CHECKPOINT_HISTORY) for the read after.
    }
    if (cpu0 < 0) cpu0 = cpuAtSubmit; // finished before a poll saw it running
    JobExecutionResult result = client.getJobExecutionResult().get();
    double cpuSeconds = (LoadAverage.processCpuNanos() - cpu0) / 1e9;
    double jitSeconds = (compileMillis() - jit0) / 1000.0;
    Map<String, Double> threadCpu = threads.stop();
    double jobSeconds = result.getNetRuntime() / 1000.0;
    progress.add(new long[] {System.nanoTime(), SourceProgress.recordsOut(jobId)});
    EndedJob ended = EndedJob.read(cluster.port(), jobId);
    CheckpointSizes.Size checkpoint = CheckpointSizes.afterEnd(ended);
    JobPhases.Phases phases = JobPhases.afterEnd(ended);
    double steadySeconds = SourceProgress.steadySeconds(progress, 0.1, 0.9);
    SourceProgress.forget(jobId);
    // The machine's cores, whatever the parallelism: the decode pool and each keyed operator run
    // on threads of their own, so a parallelism-1 job uses more than one core.
    int cores = Runtime.getRuntime().availableProcessors();
    return new Job(
        jobSeconds, steadySeconds, cpuSeconds, cores, jitSeconds, threadCpu, checkpoint, phases);
  }

  /** Time the JIT compilers have spent so far (summed over compiler threads), 0 if unknown. */
  private static long compileMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : 0;
  }

  private static boolean isRunning(JobClient client) {
    try {
      return client.getJobStatus().get() == JobStatus.RUNNING;
    } catch (Exception finishing) {
      return false; // the job ended between the checks: the loop ends too
    }
  }

  private static List<Path> listFiles(Path dir) throws IOException {
    try (var s = Files.list(dir)) { // the record files, not the recording's eni-map.json
      return s.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    }
  }

  /**
   * Which hours of the simulated day a recording covers and how dense it is. The job's keyed work
   * goes with function-minutes (one bucket each, whatever its traffic), its decoding with log
   * lines: a night recording has few lines per bucket, so its share of the bare loop is lower than
   * a day's.
   */
  static String describe(int functions, long minutes, Instant start, Bare bare) {
    double peak = new FunctionSpec().peakHour; // the simulator's fleet: every function alike
    double functionMinutes = (double) functions * minutes;
    return String.format(
        "recording: %,d functions from %s UTC for %.1f h (the simulated traffic peaks at %02.0f:00"
            + " UTC and is lowest at %02.0f:00); %.1f lambda lines and %.1f events per"
            + " function-minute%n",
        functions,
        HH_MM.format(start),
        minutes / 60.0,
        peak,
        (peak + 12) % 24,
        bare.lambdaLines() / functionMinutes,
        bare.events() / functionMinutes);
  }

  private static final java.time.format.DateTimeFormatter HH_MM =
      java.time.format.DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  /**
   * Where a recording of {@code minutes} starts in the simulated day so that its middle falls at
   * {@code middle} UTC on the simulator's default date (a weekday, so no weekend dip); null keeps
   * the default start, 00:00 UTC. A 4-hour recording centred on 09:00 or 21:00 carries the whole
   * day's mean traffic: the simulated diurnal curve is a cosine peaking at 15:00, at its mean there
   * and odd about those hours.
   */
  static Instant start(LocalTime middle, long minutes) {
    Instant day = SimulationConfig.DEFAULT_START;
    if (middle == null) return day;
    return day.plusSeconds(middle.toSecondOfDay() / 60 * 60).minus(Duration.ofMinutes(minutes / 2));
  }

  static void record(int functions, long minutes, Instant start, Path dir) throws IOException {
    io.vigil.cli.SimulateCommand.writeRecording(
        new FleetSimulator(simulation(functions, start)), minutes, dir);
  }

  /** The simulator's settings of every bench recording. */
  private static SimulationConfig simulation(int functions, Instant start) {
    SimulationConfig config = new SimulationConfig();
    config.functions = functions;
    config.start = start;
    return config;
  }
}
