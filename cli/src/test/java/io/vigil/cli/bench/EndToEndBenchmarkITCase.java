package io.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.VigilOptions;
import io.vigil.jobs.options.RuntimeOptions;
import io.vigil.models.sim.SimulationConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One measured job of {@code vigil bench} on a small recording, on a real MiniCluster. */
class EndToEndBenchmarkITCase {
  @Test
  void aJobRunReportsItsSteadyRateFromTheSourcesLiveCounters(@TempDir Path work) throws Exception {
    Path recording = work.resolve("recording");
    EndToEndBenchmark.record(40, 240, SimulationConfig.DEFAULT_START, recording);
    // A warm JVM runs this job in about a second: checkpoints every 100 ms, so some complete.
    Configuration checkpoints = new Configuration();
    checkpoints.set(VigilOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(100));
    checkpoints.set(VigilOptions.CHECKPOINT_MIN_PAUSE, Duration.ZERO);

    try (BenchCluster cluster = BenchCluster.start(2)) {
      // A warm JVM and cluster first, as in the bench (and in CI, where other jobs ran in this
      // JVM before): its job ends within about a second of its first checkpoint.
      // Its jobs choose their state backends, though they share the cluster.
      EndToEndBenchmark.Job rocksdb =
          EndToEndBenchmark.job(
              cluster,
              recording,
              40,
              1,
              RuntimeOptions.StateBackend.ROCKSDB,
              0,
              checkpoints,
              work.resolve("warm"));
      assertThat(rocksdb.checkpoint().stateBackend()).isEqualTo("EmbeddedRocksDBStateBackend");
      EndToEndBenchmark.Job job =
          EndToEndBenchmark.job(
              cluster,
              recording,
              40,
              1,
              RuntimeOptions.StateBackend.HASHMAP,
              0,
              checkpoints,
              work.resolve("job"));
      assertMeasured(job);
      assertThat(job.checkpoint().stateBackend()).isEqualTo("HashMapStateBackend");
    }
  }

  private static void assertMeasured(EndToEndBenchmark.Job job) {
    // The middle 80% of the records read takes less than the whole run: deployment before it
    // and the final checkpoint after it are left out. (The steady figure extrapolates that span
    // to all records, so it may exceed the run when the first and last records went fast.)
    assertThat(job.steadySeconds()).isPositive();
    assertThat(job.steadySeconds() * 0.8).isLessThan(job.seconds());
    assertThat(SourceProgress.recordsOut("any job")).isZero();
    // Checkpoint sizes, read from the REST API and broken down by operator chain.
    assertThat(job.checkpoint().bytes()).isPositive();
    assertThat(job.checkpoint().byOperator())
        .containsKeys("Profile functions", "Detect anomalies")
        .allSatisfy((name, bytes) -> assertThat(bytes).isLessThanOrEqualTo(job.checkpointBytes()));
    assertThat(job.checkpoint().byOperator().get("Profile functions")).isPositive();
    // The phases, read from the REST API after the end, split the job's net runtime.
    JobPhases.Phases phases = job.phases();
    assertThat(phases.deploySeconds()).isPositive();
    assertThat(phases.sourceSeconds()).isPositive();
    assertThat(phases.endSeconds()).isNotNegative();
    assertThat(phases.deploySeconds() + phases.sourceSeconds() + phases.endSeconds())
        .isLessThanOrEqualTo(job.seconds());
    assertThat(phases.checkpointMillis())
        .isNotEmpty()
        .allSatisfy(ms -> assertThat(ms).isPositive());
  }
}
