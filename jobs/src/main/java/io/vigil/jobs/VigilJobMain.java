package io.vigil.jobs;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point on a real Flink cluster: Flink Kubernetes Operator (application mode), a standalone
 * job cluster ({@code standalone-job --job-classname io.vigil.jobs.VigilJobMain}) or Amazon Managed
 * Service for Apache Flink. Settings, later ones winning:
 *
 * <ol>
 *   <li>the cluster's Flink configuration ({@code flinkConfiguration}, {@code FLINK_PROPERTIES});
 *   <li>on Managed Flink, the runtime property group {@value #PROPERTY_GROUP};
 *   <li>program arguments {@code --vigil.key value}.
 * </ol>
 *
 * Unknown {@code vigil.*} keys are rejected, as on the CLI. Unless set, {@code vigil.parallelism}
 * follows the cluster's parallelism (so rescaling needs no Vigil setting) and the max parallelism
 * is {@value #MAX_PARALLELISM} (fixed: keyed state is rescalable up to it).
 */
public final class VigilJobMain {
  private VigilJobMain() {}

  /** Managed Flink property group whose keys are {@code vigil.*} option keys. */
  public static final String PROPERTY_GROUP = "VigilConfig";

  /**
   * Never change after the first production savepoint: keyed state is split in this many groups.
   * The default of {@code vigil.max-parallelism}.
   */
  public static final int MAX_PARALLELISM = 720;

  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment cluster = StreamExecutionEnvironment.getExecutionEnvironment();
    Configuration conf =
        configuration(cluster.getConfiguration().toMap(), managedFlinkProperties(), args);
    if (!conf.contains(VigilOptions.PARALLELISM)) {
      conf.set(VigilOptions.PARALLELISM, cluster.getParallelism());
    }
    if (!conf.contains(VigilOptions.MAX_PARALLELISM)
        && conf.containsKey("pipeline.max-parallelism")) {
      conf.set(
          VigilOptions.MAX_PARALLELISM,
          Integer.parseInt(conf.getString("pipeline.max-parallelism", "")));
    }
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobEnvironment.flinkConfiguration(conf));
    JobEnvironment.configure(env, conf);
    VigilJob.build(env, conf);
    env.execute("Vigil");
  }

  /**
   * The job's configuration from the cluster's settings, Managed Flink property groups and {@code
   * --key value} arguments (in that order of precedence, lowest first).
   */
  static Configuration configuration(
      Map<String, String> cluster, Map<String, Properties> propertyGroups, String[] args) {
    Map<String, String> settings = new LinkedHashMap<>(cluster);
    Properties group = propertyGroups.get(PROPERTY_GROUP);
    if (group != null) {
      group.stringPropertyNames().forEach(k -> settings.put(k, group.getProperty(k)));
    }
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --key value, got " + args[i]);
      }
      settings.put(args[i].substring(2), args[++i]);
    }
    for (String key : settings.keySet()) {
      if (key.startsWith("vigil.")
          && VigilOptions.all().stream().noneMatch(o -> o.key().equals(key))) {
        throw new IllegalArgumentException("unknown option " + key + " (see ./vigil options)");
      }
    }
    return Configuration.fromMap(settings);
  }

  /** Managed Flink's runtime property groups; none elsewhere (no properties file). */
  static Map<String, Properties> managedFlinkProperties() {
    try {
      return KinesisAnalyticsRuntime.getApplicationProperties();
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
  }
}
