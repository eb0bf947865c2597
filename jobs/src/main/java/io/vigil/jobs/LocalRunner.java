package io.vigil.jobs;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs the job on an embedded MiniCluster with the Flink web UI, for a while or until the end. */
public final class LocalRunner {
  private LocalRunner() {}

  /**
   * Local defaults: checkpoints to a temporary folder, and the on-heap state backend unless
   * vigil.state.backend is set (RocksDB, the cluster default, serialises state on every access and
   * is ~13x slower here: `vigil bench --state-backend rocksdb`).
   */
  static Configuration withLocalCheckpoints(Configuration conf) {
    Configuration c = new Configuration(conf);
    if (!c.contains(VigilOptions.STATE_BACKEND)) c.set(VigilOptions.STATE_BACKEND, "hashmap");
    if (c.getOptional(VigilOptions.CHECKPOINT_DIR).isEmpty()) {
      c.set(
          VigilOptions.CHECKPOINT_DIR,
          java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "vigil-checkpoints")
              .toUri()
              .toString());
    }
    return c;
  }

  public static StreamExecutionEnvironment environment(Configuration conf) {
    Configuration flink = JobEnvironment.flinkConfiguration(withLocalCheckpoints(conf));
    flink.set(RestOptions.PORT, conf.get(VigilOptions.WEB_UI_PORT));
    return JobEnvironment.configure(
        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink), conf);
  }

  /**
   * Runs a bounded job to its end on an embedded cluster without the web UI (evaluations, tests).
   */
  public static void runBounded(Configuration conf) throws Exception {
    StreamExecutionEnvironment env =
        JobEnvironment.configure(
            StreamExecutionEnvironment.createLocalEnvironment(
                JobEnvironment.flinkConfiguration(conf)),
            conf);
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
