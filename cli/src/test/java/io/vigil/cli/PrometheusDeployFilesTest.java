package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The deploy files configure the same Prometheus reporter `vigil run --prometheus-port` uses
 * (PrometheusReporterITCase scrapes it), and expose and scrape its port.
 */
class PrometheusDeployFilesTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  static List<Map<String, Object>> docs(String file) throws Exception {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object d : new Yaml(new LoaderOptions()).loadAll(Files.readString(ROOT.resolve(file)))) {
      if (d != null) docs.add(map(d));
    }
    return docs;
  }

  @Test
  void kubernetesRunsTheReporterAndThePodMonitorScrapesItsPort() throws Exception {
    List<Map<String, Object>> docs = docs("deploy/kubernetes/flink-deployment.yaml");
    Map<String, Object> flink =
        docs.stream().filter(d -> "FlinkDeployment".equals(d.get("kind"))).findFirst().get();
    Map<String, Object> conf = map(map(flink.get("spec")).get("flinkConfiguration"));
    assertThat(conf)
        .containsEntry("metrics.reporter.prom.factory.class", RunCommand.PROMETHEUS_FACTORY)
        .containsEntry("metrics.reporter.prom.port", "9249");
    Map<String, Object> pod = map(map(flink.get("spec")).get("podTemplate"));
    Map<String, Object> container = map(((List<?>) map(pod.get("spec")).get("containers")).get(0));
    assertThat(container.get("ports").toString()).contains("name=metrics", "containerPort=9249");
    Map<String, Object> monitor =
        docs.stream().filter(d -> "PodMonitor".equals(d.get("kind"))).findFirst().get();
    Map<String, Object> spec = map(monitor.get("spec"));
    assertThat(spec.get("podMetricsEndpoints").toString()).contains("port=metrics");
    assertThat(map(map(spec.get("selector")).get("matchLabels")))
        .containsEntry("app", map(flink.get("metadata")).get("name"));
  }

  @Test
  void composeRunsTheReporterAndPublishesItsPorts() throws Exception {
    Map<String, Object> services = map(docs("docker/compose.yaml").get(0).get("services"));
    for (String name : List.of("jobmanager", "taskmanager")) {
      Map<String, Object> service = map(services.get(name));
      String props = map(service.get("environment")).get("FLINK_PROPERTIES").toString();
      assertThat(props)
          .as(name)
          .contains("metrics.reporter.prom.factory.class: " + RunCommand.PROMETHEUS_FACTORY)
          .contains("metrics.reporter.prom.port: 9249");
      assertThat(service.get("ports").toString()).as(name).containsPattern(":9249\\b");
    }
  }
}
