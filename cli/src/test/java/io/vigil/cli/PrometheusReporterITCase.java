package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.VigilJob;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil run --prometheus-port P}: the job runs with Flink's Prometheus reporter and the
 * scrape endpoint serves Vigil's own operator metrics by name, with their labels.
 */
class PrometheusReporterITCase {
  static final Pattern EVENTS_IN =
      Pattern.compile(
          "(?m)^flink_taskmanager_job_task_operator_eventType_eventsIn\\{[^}]*"
              + "eventType=\"invocation\"[^}]*} ([0-9.E+]+)$");
  static final Pattern FINDINGS =
      Pattern.compile(
          "(?m)^flink_taskmanager_job_task_operator_findingType_findings\\{[^}]*"
              + "findingType=\"([A-Z_]+)\"[^}]*} ([0-9.E+]+)$");

  @Test
  void scrapeShowsDecodeAndDetectMetrics(@TempDir Path out) throws Exception {
    int port = freePort();
    RunCommand run = new RunCommand();
    new CommandLine(run)
        .parseArgs(
            "--prometheus-port", String.valueOf(port),
            "--port", "0",
            "--output", out.toString(),
            "--functions", "10",
            "--clock-factor", "1200",
            "-D", "vigil.output.console=false");
    Configuration conf = run.toConfiguration();
    assertThat(conf.getString("metrics.reporter.prom.factory.class", null))
        .isEqualTo(RunCommand.PROMETHEUS_FACTORY);

    StreamExecutionEnvironment env = LocalRunner.environment(conf);
    VigilJob.build(env, conf);
    JobClient job = env.executeAsync("vigil-prometheus");
    HttpClient http = HttpClient.newHttpClient();
    String body = "";
    try {
      long deadline = System.currentTimeMillis() + 90_000;
      while (System.currentTimeMillis() < deadline
          && !(positive(EVENTS_IN.matcher(body)) && positive(FINDINGS.matcher(body)))) {
        Thread.sleep(1000);
        try {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).isEqualTo(200);
          body = r.body();
        } catch (java.net.ConnectException e) {
          // the reporter starts with the cluster
        }
      }
    } finally {
      job.cancel().get();
    }
    assertThat(body).as("Prometheus text format").contains("# TYPE ");
    assertThat(positive(EVENTS_IN.matcher(body)))
        .as("decode operator's eventType.invocation.eventsIn")
        .isTrue();
    assertThat(positive(FINDINGS.matcher(body)))
        .as("detect operator's findingType.<type>.findings")
        .isTrue();
    assertThat(body)
        .contains("flink_taskmanager_job_task_operator_recordsIn")
        .contains("Detect_anomalies");
  }

  /** Some sample of the series has a positive value. */
  static boolean positive(Matcher m) {
    while (m.find()) {
      if (Double.parseDouble(m.group(m.groupCount())) > 0) return true;
    }
    return false;
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
