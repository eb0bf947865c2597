package io.vigil.jobs.savepoint;

import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.VigilJob;
import io.vigil.jobs.VigilOptions;
import io.vigil.models.finding.Feedback;
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
 * functions, paced at 20 fleet minutes per wall second) through the job, once with a policy and a
 * feedback folder (every control, budget and action-limit state in use) and once without, stopped
 * with a canonical savepoint after {@code seconds} (default 40). The committed fixtures under
 * {@code jobs/src/test/resources/savepoints/} were made from the job of main at 97b8317 (before
 * the job became named stages with one detect and one plan operator) with:
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

  /** The job configuration of a fixture, writing to {@code work}. */
  public static Configuration conf(Path work, boolean withPolicies) throws Exception {
    Configuration c = new Configuration();
    c.set(VigilOptions.OUTPUT_DIR, work.resolve("out").toString());
    c.set(VigilOptions.CONSOLE, false);
    c.set(VigilOptions.SIM_FUNCTIONS, 12);
    c.set(VigilOptions.SIM_CLOCK_FACTOR, 1200.0);
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

  /** Runs the job of {@code conf} for {@code runFor}, stops it with a savepoint, returns its path. */
  public static Path runAndSavepoint(Configuration conf, Path savepoints, Duration runFor)
      throws Exception {
    StreamExecutionEnvironment env = LocalRunner.boundedEnvironment(conf);
    VigilJob.build(env, conf);
    JobClient job = env.executeAsync("savepoint fixture");
    Thread.sleep(runFor.toMillis());
    String path =
        job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get(2, TimeUnit.MINUTES);
    return Path.of(java.net.URI.create(path));
  }

  public static void main(String[] args) throws Exception {
    Path target = Path.of(args.length > 0 ? args[0] : "jobs/src/test/resources/savepoints");
    Duration runFor = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 40);
    Path work = Files.createTempDirectory("vigil-savepoint-fixtures-");
    for (boolean policies : new boolean[] {true, false}) {
      String name = policies ? WITH_POLICIES : PLAIN;
      Path made =
          runAndSavepoint(
              conf(work.resolve(name), policies), work.resolve(name + "-savepoints"), runFor);
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
