package io.vigil.jobs;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs the job on an embedded MiniCluster with the Flink web UI, for a while or until the end. */
public final class LocalRunner {
  private LocalRunner() {}

  public static StreamExecutionEnvironment environment(Configuration conf) {
    Configuration flink = new Configuration(conf);
    flink.set(RestOptions.PORT, conf.get(VigilOptions.WEB_UI_PORT));
    // Every event type must have a POJO serializer: fail fast instead of falling back to Kryo.
    flink.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
    env.setParallelism(conf.get(VigilOptions.PARALLELISM));
    env.enableCheckpointing(conf.get(VigilOptions.CHECKPOINT_INTERVAL).toMillis());
    return env;
  }

  /**
   * Runs a bounded job to its end on an embedded cluster without the web UI (evaluations, tests).
   */
  public static void runBounded(Configuration conf) throws Exception {
    Configuration flink = new Configuration(conf);
    flink.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
    env.setParallelism(conf.get(VigilOptions.PARALLELISM));
    env.enableCheckpointing(conf.get(VigilOptions.CHECKPOINT_INTERVAL).toMillis());
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
