package io.vigil.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's web UI answers while the job runs, with named operators and Vigil's own metrics. */
class WebUiMetricsITCase {
  private final HttpClient http = HttpClient.newHttpClient();

  private JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  void restApiShowsTheRunningJobAndCustomMetrics(@TempDir Path out) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Configuration conf = new Configuration();
    conf.set(VigilOptions.WEB_UI_PORT, port);
    conf.set(VigilOptions.OUTPUT_DIR, out.toString());
    conf.set(VigilOptions.CONSOLE, false);
    conf.set(VigilOptions.SIM_FUNCTIONS, 10);
    conf.set(VigilOptions.SIM_CLOCK_FACTOR, 600.0);
    conf.set(VigilOptions.SIM_CORRUPT_EVERY, 20);
    conf.setString("metrics.fetcher.update-interval", "1000");
    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return LocalRunner.run(conf, Duration.ofSeconds(20));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    String jobId = null;
    long deadline = System.currentTimeMillis() + 30_000;
    while (jobId == null && System.currentTimeMillis() < deadline) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/jobs/overview"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        // 503 while the dispatcher is still starting (seen on a loaded machine): poll again
        if (r.statusCode() == 200) {
          for (JsonNode job : Json.MAPPER.readTree(r.body()).path("jobs")) {
            if ("RUNNING".equals(job.path("state").asText())) jobId = job.path("jid").asText();
          }
        }
      } catch (java.net.ConnectException e) {
        // not up yet
      }
      if (jobId == null) Thread.sleep(500);
    }
    assertThat(jobId).as("a RUNNING job in /jobs/overview").isNotNull();

    JsonNode vertices = get(port, "/jobs/" + jobId).path("vertices");
    List<String> names = new ArrayList<>();
    String decodeVertex = null;
    for (JsonNode v : vertices) {
      names.add(v.path("name").asText());
      if (v.path("name").asText().contains("Decode AWS records"))
        decodeVertex = v.path("id").asText();
    }
    assertThat(String.join(" | ", names))
        .contains("Decode AWS records", "Profile functions", "Detect anomalies", "Simulated fleet");
    assertThat(decodeVertex).isNotNull();

    // Custom metrics show up once the first records have flowed.
    String metricNames = "";
    deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline
        && !(metricNames.contains("recordsIn") && metricNames.contains("deadLetters"))) {
      Thread.sleep(1000);
      metricNames =
          get(port, "/jobs/" + jobId + "/vertices/" + decodeVertex + "/metrics").toString();
    }
    assertThat(metricNames).contains("recordsIn", "eventType.invocation.eventsIn", "deadLetters");
    assertThat(run.get()).isZero();
  }
}
