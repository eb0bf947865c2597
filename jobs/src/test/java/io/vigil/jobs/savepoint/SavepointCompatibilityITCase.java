package io.vigil.jobs.savepoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.VigilJob;
import io.vigil.jobs.VigilOptions;
import io.vigil.jobs.options.RuntimeOptions;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.sim.SimulationConfig;
import io.vigil.operators.sink.JsonLinesFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Savepoints of an earlier job (committed fixtures, made by {@link SavepointFixtures}) restore into
 * today's job with no state left unclaimed, and the job runs on from them: the simulated fleet
 * continues where it stopped, and incidents opened before the savepoint are carried on (updated or
 * resolved here, never opened again).
 */
class SavepointCompatibilityITCase {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {SavepointFixtures.WITH_POLICIES, SavepointFixtures.PLAIN})
  void anEarlierSavepointRestoresWithEveryStateMappedAndTheJobRunsOn(String fixture)
      throws Exception {
    restoresAndRunsOn(fixture, SavepointFixtures.conf(fixture, dir));
  }

  /**
   * The fixtures were taken on the heap backend; the cluster default is RocksDB with the job's own
   * memtable and compression settings ({@code JobEnvironment}): the same savepoint restores there.
   */
  @Test
  void anEarlierSavepointRestoresIntoRocksDb() throws Exception {
    String fixture = SavepointFixtures.PLAIN;
    Configuration c = SavepointFixtures.conf(fixture, dir);
    c.set(VigilOptions.STATE_BACKEND, RuntimeOptions.StateBackend.ROCKSDB);
    restoresAndRunsOn(fixture, c);
  }

  private void restoresAndRunsOn(String fixture, Configuration c) throws Exception {
    Path savepoint = copyFixture(fixture);
    c.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toUri().toString());
    c.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, false);
    c.set(VigilOptions.SIM_CLOCK_FACTOR, 1200.0);
    Path out = SavepointFixtures.outputDir(fixture);
    deleteTree(out);

    StreamExecutionEnvironment env = LocalRunner.boundedEnvironment(c);
    VigilJob.build(env, c);
    JobClient job = env.executeAsync("savepoint compatibility");
    try {
      // Detection restored its incidents: a committed finding continues one opened before the
      // savepoint (an UPDATE or RESOLVED of an incident this run never opened).
      awaitCommitted(job, () -> continuesAnEarlierIncident(read(out, "findings", Finding.class)));
    } finally {
      job.cancel().get(1, TimeUnit.MINUTES);
    }
    // The source restored its position: no bucket from the start of the simulation again.
    List<MetricBucket> buckets = read(out, "metrics", MetricBucket.class);
    assertThat(buckets).isNotEmpty();
    long firstWindow = buckets.stream().mapToLong(b -> b.bucketStart).min().orElseThrow();
    assertThat(firstWindow).isGreaterThan(SIM_START_MS + 60 * 60_000L);
  }

  static boolean continuesAnEarlierIncident(List<Finding> findings) {
    Set<String> openedHere =
        findings.stream()
            .filter(f -> f.status.equals("OPEN"))
            .map(f -> f.incidentId)
            .collect(Collectors.toSet());
    return findings.stream()
        .anyMatch(f -> !f.status.equals("OPEN") && !openedHere.contains(f.incidentId));
  }

  /** Committed lines only (part files are committed at checkpoints). */
  private static <T> List<T> read(Path out, String name, Class<T> type) {
    return Files.isDirectory(out.resolve(name)) ? JsonLinesFiles.read(out, name, type) : List.of();
  }

  /** First fleet minute of the simulation (the fixtures use the default start). */
  private static final long SIM_START_MS = SimulationConfig.DEFAULT_START.toEpochMilli();

  private Path copyFixture(String name) throws Exception {
    Path from = Path.of(getClass().getResource("/savepoints/" + name + "/_metadata").toURI());
    Path to = Files.createDirectories(dir.resolve("fixture-" + name));
    try (Stream<Path> files = Files.list(from.getParent())) {
      for (Path p : files.toList()) Files.copy(p, to.resolve(p.getFileName().toString()));
    }
    return to;
  }

  private static void deleteTree(Path folder) throws Exception {
    if (!Files.exists(folder)) return;
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

  /** Waits (bounded) until {@code done} holds, failing if the job stops first. */
  private static void awaitCommitted(JobClient job, java.util.function.BooleanSupplier done)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      assertThat(job.getJobStatus().get().isGloballyTerminalState()).isFalse();
      if (done.getAsBoolean()) return;
      Thread.sleep(500);
    }
    throw new AssertionError(
        "the restored job committed no finding of an earlier incident in 3 min");
  }
}
