package io.vigil.jobs;

import io.vigil.jobs.options.RuntimeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the job on an embedded MiniCluster, for a while or until the end. Every embedded run (run,
 * replay, eval, bench, tests) gets its environment here, so all share one set of local defaults.
 */
public final class LocalRunner {
  private LocalRunner() {}

  /**
   * Local defaults: the on-heap state backend unless vigil.state.backend is set (RocksDB, the
   * cluster default, serialises state on every access: `vigil bench --state-backend rocksdb`), and
   * checkpoints to a fresh temporary folder (deleted at JVM exit) unless vigil.checkpoint.dir is
   * set, never to the JobManager's memory (5 MB limit).
   */
  public static Configuration localDefaults(Configuration conf) {
    Configuration c = new Configuration(conf);
    if (!c.contains(VigilOptions.STATE_BACKEND))
      c.set(VigilOptions.STATE_BACKEND, RuntimeOptions.StateBackend.HASHMAP);
    if (c.getOptional(VigilOptions.CHECKPOINT_DIR).isEmpty()) {
      try {
        Path dir = ScratchFolders.create("vigil-checkpoints-");
        c.set(VigilOptions.CHECKPOINT_DIR, dir.toUri().toString());
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot create a local checkpoint folder", e);
      }
    }
    return c;
  }

  /** An embedded environment with the web UI on vigil.web-ui.port. */
  public static StreamExecutionEnvironment environment(Configuration conf) {
    Configuration local = localDefaults(conf);
    Configuration flink = JobEnvironment.flinkConfiguration(local);
    flink.set(RestOptions.PORT, conf.get(VigilOptions.WEB_UI_PORT));
    return JobEnvironment.configure(
        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink), local);
  }

  /** An embedded environment without the web UI (bounded runs, evaluations, tests). */
  public static StreamExecutionEnvironment boundedEnvironment(Configuration conf) {
    Configuration local = localDefaults(conf);
    return JobEnvironment.configure(
        StreamExecutionEnvironment.createLocalEnvironment(JobEnvironment.flinkConfiguration(local)),
        local);
  }

  /**
   * Runs a bounded job to its end on an embedded cluster without the web UI (evaluations, tests).
   */
  public static void runBounded(Configuration conf) throws Exception {
    StreamExecutionEnvironment env = boundedEnvironment(conf);
    VigilJob.build(env, conf);
    env.execute("Vigil (bounded)");
  }

  /** Runs until the input ends, {@code duration} passes (if set), or the JVM is interrupted. */
  public static int run(Configuration conf, Duration duration) throws Exception {
    StreamExecutionEnvironment env = environment(conf);
    VigilJob.build(env, conf);
    JobClient client = env.executeAsync("Vigil");
    int port = conf.get(VigilOptions.WEB_UI_PORT);
    System.out.printf(
        "Vigil is running: Flink web UI http://localhost:%d  outputs in %s/  (Ctrl-C to stop)%n",
        port, conf.get(VigilOptions.OUTPUT_DIR));
    Thread hook = new Thread(() -> client.cancel().join());
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      if (duration == null) {
        client.getJobExecutionResult().get();
      } else {
        try {
          client.getJobExecutionResult().get(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          System.out.printf("Stopping after %s.%n", duration);
          client.cancel().get(30, TimeUnit.SECONDS);
        }
      }
    } finally {
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    return 0;
  }
}
