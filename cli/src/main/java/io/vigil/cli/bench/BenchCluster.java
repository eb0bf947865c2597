package io.vigil.cli.bench;

import io.vigil.jobs.JobEnvironment;
import io.vigil.jobs.LocalRunner;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One embedded cluster (MiniCluster with its REST API) for every job of a bench, as a deployed
 * cluster runs job after job. It outlives each job, so the bench can still read an ended job's
 * checkpoint statistics: a cluster per job, as {@link LocalRunner} makes for a single run, closed
 * with the job, and a short job that ended between two polls left no checkpoint figure (stop 21's
 * CI). Each job keeps its own state backend, checkpointing and parallelism. Throughput is the same
 * as with a cluster per job, as far as the bench can tell (README, rounds 20 and 22).
 */
final class BenchCluster implements AutoCloseable {
  private static final String TARGET = "vigil-bench-cluster";

  private final MiniCluster cluster;
  private final int port;

  private BenchCluster(MiniCluster cluster, int port) {
    this.cluster = cluster;
    this.port = port;
  }

  /**
   * Checkpoint statistics kept per job: more than any bench job takes (the longest, 20,000
   * functions on RocksDB, runs well under a minute at one checkpoint a second).
   */
  static final int CHECKPOINT_HISTORY = 10_000;

  /** Starts a cluster with {@code slots} task slots, its REST API on a port the OS picks. */
  static BenchCluster start(int slots) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_PORT, "0"); // a free port, chosen when the endpoint binds
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    conf.setString(SourceProgress.FACTORY_KEY, SourceProgress.Factory.class.getName());
    // The REST API caches checkpoint statistics (Flink: for web.refresh-interval, 3 s), longer
    // than a warm heap job runs: its polls then saw no completed checkpoint at all.
    conf.set(
        RestOptions.CACHE_CHECKPOINT_STATISTICS_TIMEOUT,
        Duration.ofMillis(CheckpointSizes.CACHE_MILLIS));
    // Every checkpoint of a job stays in its statistics (Flink keeps 10), so the bench reads them
    // once after the job ended instead of calling the REST API while the measured job runs.
    conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, CHECKPOINT_HISTORY);
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
    return new BenchCluster(cluster, cluster.getRestAddress().get().getPort());
  }

  /** The port of the cluster's REST API (and web UI). */
  int port() {
    return port;
  }

  /**
   * An environment whose jobs run on this cluster, configured from the vigil.* options as every
   * embedded run is (state backend, checkpointing, parallelism: all per job).
   */
  StreamExecutionEnvironment environment(Configuration vigil) {
    Configuration local = LocalRunner.localDefaults(vigil);
    Configuration flink = JobEnvironment.flinkConfiguration(local);
    flink.set(DeploymentOptions.TARGET, TARGET);
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return JobEnvironment.configure(
        new StreamExecutionEnvironment(executors(), flink, loader), local);
  }

  private PipelineExecutorServiceLoader executors() {
    PipelineExecutor submit =
        (pipeline, configuration, loader) -> {
          JobGraph graph = PipelineExecutorUtils.getJobGraph(pipeline, configuration, loader);
          return cluster
              .submitJob(graph)
              .thenApply(
                  submitted ->
                      (JobClient)
                          new MiniClusterJobClient(
                              submitted.getJobID(),
                              cluster,
                              loader,
                              MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
        };
    PipelineExecutorFactory factory =
        new PipelineExecutorFactory() {
          @Override
          public String getName() {
            return TARGET;
          }

          @Override
          public boolean isCompatibleWith(Configuration configuration) {
            return TARGET.equals(configuration.get(DeploymentOptions.TARGET));
          }

          @Override
          public PipelineExecutor getExecutor(Configuration configuration) {
            return submit;
          }
        };
    return new PipelineExecutorServiceLoader() {
      @Override
      public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
        return factory;
      }

      @Override
      public Stream<String> getExecutorNames() {
        return Stream.of(TARGET);
      }
    };
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
