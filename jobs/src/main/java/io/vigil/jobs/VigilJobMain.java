package io.vigil.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.java.utils.ParameterTool;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the job jar on real clusters (session cluster, Kubernetes Operator, AWS Managed
 * Flink). Settings, later ones winning: the cluster's Flink configuration, the Managed Flink
 * property group {@code VigilConfig} (read from {@value #MANAGED_FLINK_PROPERTIES} when that file
 * exists), then program arguments ({@code --vigil.source kinesis ...}).
 */
public final class VigilJobMain {
  static final String MANAGED_FLINK_PROPERTIES = "/etc/flink/application_properties.json";
  static final String PROPERTY_GROUP = "VigilConfig";

  private VigilJobMain() {}

  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment bootstrap = StreamExecutionEnvironment.getExecutionEnvironment();
    Configuration conf =
        settings(bootstrap.getConfiguration(), Path.of(MANAGED_FLINK_PROPERTIES), args);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobEnvironment.flinkConfiguration(conf));
    JobEnvironment.configure(env, conf);
    VigilJob.build(env, conf);
    env.execute("Vigil");
  }

  static Configuration settings(
      org.apache.flink.configuration.ReadableConfig cluster, Path managedFlink, String[] args)
      throws IOException {
    Map<String, String> merged = new HashMap<>();
    if (cluster instanceof Configuration c) merged.putAll(c.toMap());
    merged.putAll(managedFlinkProperties(managedFlink));
    merged.putAll(ParameterTool.fromArgs(args).toMap());
    return Configuration.fromMap(merged);
  }

  /** The {@code VigilConfig} group of Managed Flink's runtime properties, if present. */
  static Map<String, String> managedFlinkProperties(Path file) throws IOException {
    Map<String, String> out = new HashMap<>();
    if (!Files.exists(file)) return out;
    for (JsonNode group : Json.MAPPER.readTree(Files.readAllBytes(file))) {
      if (PROPERTY_GROUP.equals(group.path("PropertyGroupId").asText())) {
        group
            .path("PropertyMap")
            .fields()
            .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
      }
    }
    return out;
  }
}
