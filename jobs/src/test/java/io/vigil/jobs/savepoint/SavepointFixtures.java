package io.vigil.jobs.savepoint;

import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.VigilJob;
import io.vigil.jobs.VigilOptions;
import io.vigil.models.finding.Feedback;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.sim.SimulationConfig;
import io.vigil.operators.sink.JsonLinesFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Makes the savepoints {@code SavepointCompatibilityTest} restores: the simulated fleet (12
 * functions, paced at 5 fleet minutes per wall second) through the job, once with a policy and a
 * feedback folder (every control, budget and action-limit state in use) and once without, stopped
 * with a canonical savepoint once fleet minute {@code minute} (default 230, mid-scenario, with
 * incidents open) is committed. The committed fixtures under {@code
 * jobs/src/test/resources/savepoints/} were made from the job of main at 97b8317 (before the job
 * became named stages with one detect and one plan operator) with:
 *
 * <pre>
 * ./mvnw -o -q -B -pl jobs -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test -Dspotless.check.skip=true
 * java -cp "jobs/target/test-classes:jobs/target/classes:$(cat /tmp/cp.txt)" \
 *     io.vigil.jobs.savepoint.SavepointFixtures jobs/src/test/resources/savepoints
 * </pre>
 *
 * Regenerating them from a newer job proves nothing about older savepoints: keep the old ones.
 */
public final class SavepointFixtures {
  private SavepointFixtures() {}

  /** The fixture with policies and feedback. */
  public static final String WITH_POLICIES = "v1-policies";

  /** The fixture without policies or feedback. */
  public static final String PLAIN = "v1-plain";

  static final String POLICY =
      """
      apiVersion: vigil.io/v1
      kind: Policy
      metadata: {name: fixture}
      spec:
        selector: {functions: ["*"]}
        budgets:
          - {name: fleet-daily-cost, metric: costUsd, limit: 0.5, period: day}
        actions:
          - finding: INVOCATION_SPIKE
            action: THROTTLE
            mode: enforce
            reservedConcurrency: 7
            expiry: 30m
          - finding: "*"
            action: NOTIFY
            mode: enforce
            maxPerHour: 1
      """;

  /**
   * Where a fixture's job writes its outputs, relative to the working folder. The file sinks keep
   * the folder of a part file being written in their state, and a restored job goes on writing
   * there: a relative folder lets the restoring test (run in {@code jobs/}) find them in its own
   * {@code target/}, whatever machine made the fixture.
   */
  public static Path outputDir(String fixture) {
    return Path.of("target", "savepoint-fixture-out", fixture);
  }

  /**
   * The job configuration of a fixture: outputs to {@link #outputDir}, the rest in {@code work}.
   */
  public static Configuration conf(String fixture, Path work) throws Exception {
    boolean withPolicies = fixture.equals(WITH_POLICIES);
    Configuration c = new Configuration();
    c.set(VigilOptions.OUTPUT_DIR, outputDir(fixture).toString());
    c.set(VigilOptions.CONSOLE, false);
    c.set(VigilOptions.SIM_FUNCTIONS, 12);
    c.set(VigilOptions.SIM_CLOCK_FACTOR, 300.0);
    c.set(VigilOptions.PARALLELISM, 2);
    c.set(VigilOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2));
    c.set(VigilOptions.CHECKPOINT_DIR, work.resolve("checkpoints").toUri().toString());
    c.set(PipelineOptions.GENERIC_TYPES, false);
    if (withPolicies) {
      Path policies = Files.createDirectories(work.resolve("policies"));
      Files.writeString(policies.resolve("fixture.yaml"), POLICY);
      c.set(VigilOptions.POLICY_DIR, policies.toString());
      Path feedback = Files.createDirectories(work.resolve("feedback"));
      Files.writeString(
          feedback.resolve("feedback.jsonl"),
          new Feedback(
                      "fixture-incident",
                      "fixture-function",
                      "INVOCATION_SPIKE",
                      Feedback.FALSE_POSITIVE,
                      "2100-01-01T00:00:00Z")
                  .toLine()
              + "\n");
      c.set(VigilOptions.FEEDBACK_DIR, feedback.toString());
    }
    return c;
  }

  /**
   * Runs the job of {@code conf} until it has committed metrics of fleet minute {@code minute}
   * (mid-scenario: some incidents open), stops it with a savepoint and returns its path.
   */
  public static Path runAndSavepoint(Configuration conf, Path savepoints, long minute)
      throws Exception {
    StreamExecutionEnvironment env = LocalRunner.boundedEnvironment(conf);
    VigilJob.build(env, conf);
    JobClient job = env.executeAsync("savepoint fixture");
    Path out = Path.of(conf.get(VigilOptions.OUTPUT_DIR));
    long until = SimulationConfig.DEFAULT_START.toEpochMilli() + minute * 60_000L;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (latestBucket(out) < until) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("fleet minute not reached");
      Thread.sleep(200);
    }
    String path =
        job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get(2, TimeUnit.MINUTES);
    return Path.of(java.net.URI.create(path));
  }

  private static long latestBucket(Path out) {
    if (!Files.isDirectory(out.resolve("metrics"))) return Long.MIN_VALUE;
    return JsonLinesFiles.read(out, "metrics", MetricBucket.class).stream()
        .mapToLong(b -> b.bucketStart)
        .max()
        .orElse(Long.MIN_VALUE);
  }

  public static void main(String[] args) throws Exception {
    Path target = Path.of(args.length > 0 ? args[0] : "jobs/src/test/resources/savepoints");
    long minute = args.length > 1 ? Long.parseLong(args[1]) : 230;
    Path work = Files.createTempDirectory("vigil-savepoint-fixtures-");
    for (String name : new String[] {WITH_POLICIES, PLAIN}) {
      Path made =
          runAndSavepoint(
              conf(name, work.resolve(name)), work.resolve(name + "-savepoints"), minute);
      Path dest = target.resolve(name);
      deleteTree(dest);
      copyTree(made, dest);
      System.out.println(name + ": " + dest);
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path d = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(d);
        else Files.copy(p, d);
      }
    }
  }

  private static void deleteTree(Path dir) throws Exception {
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
