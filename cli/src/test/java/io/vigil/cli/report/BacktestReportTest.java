package io.vigil.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.testkit.domain.MetricBucketBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestReportTest {
  static final long T0 = 1_762_000_000_000L;
  static final long MIN = 60_000;

  static Finding finding(String id, String incident, String type, long start, double impact) {
    Finding f = new Finding();
    f.id = id;
    f.incidentId = incident;
    f.functionKey = "1/us-east-1/orders";
    f.functionName = "orders";
    f.type = type;
    f.severity = "HIGH";
    f.status = "OPEN";
    f.windowStart = start;
    f.windowEnd = start + MIN;
    f.impactUsdPerHour = impact;
    f.explanation = "<b>not markup</b> " + id;
    return f;
  }

  static MetricBucket bucket(long start, long invocations) {
    return MetricBucketBuilder.bucket("1/us-east-1/orders", start)
        .invocations(invocations)
        .costUsd(0.01)
        .egressBytes(1000)
        .build();
  }

  static RemediationAction action(String id, String type, Finding f) {
    RemediationAction a = new RemediationAction();
    a.id = id;
    a.type = type;
    a.findingId = f.id;
    a.incidentId = f.incidentId;
    a.functionName = f.functionName;
    a.createdAt = f.windowEnd;
    a.reason = "because";
    return a;
  }

  @Test
  void readsEveryFileLayoutOfAnOutputOnceById(@TempDir Path out) throws Exception {
    Finding a = finding("a", "i1", "ERROR_STORM", T0, 0);
    Finding b = finding("b", "i1", "ERROR_STORM", T0 + MIN, 0);
    Finding c = finding("c", "i2", "COST_SPIKE", T0, 1);
    Files.writeString(out.resolve("findings.jsonl"), Json.write(a) + "\n\n");
    Files.writeString(out.resolve("findings-1.jsonl"), Json.write(b) + "\n" + Json.write(a) + "\n");
    Files.createDirectories(out.resolve("findings/2025-11-01"));
    Files.writeString(out.resolve("findings/2025-11-01/part-0-0.jsonl"), Json.write(c) + "\n");
    // Not this output: another output's name, an in-progress part file, another extension.
    Files.writeString(
        out.resolve("suppressed-findings.jsonl"),
        Json.write(finding("x", "i", "PORT_SCAN", T0, 0)) + "\n");
    Files.writeString(out.resolve("findings/.part-0-1.jsonl.inprogress"), "{broken");
    Files.writeString(out.resolve("findings/.part-0-2.jsonl"), "{broken");
    Files.writeString(out.resolve("findings.txt"), "{broken");

    List<Finding> read = OutputFiles.read(out, "findings", Finding.class, f -> f.id);
    assertThat(read).extracting(f -> f.id).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void savingsComeFromTheIncidentsFindings() {
    Finding rightsize = finding("r", "i-r", "MEMORY_OVERPROVISIONED", T0, 0.02);
    Finding spike1 = finding("s1", "i-s", "INVOCATION_SPIKE", T0, 0.5);
    Finding spike2 = finding("s2", "i-s", "INVOCATION_SPIKE", T0 + 119 * MIN, 2.0);
    DeadLetter dl = new DeadLetter();
    dl.reason = "bad-gzip";
    dl.stream = "lambda-logs";
    BacktestReport report =
        new BacktestReport(
            List.of(spike2, rightsize, spike1),
            List.of(bucket(T0 + MIN, 7), bucket(T0, 5)),
            List.of(action("A1", "RIGHTSIZE", rightsize), action("A2", "THROTTLE", spike1)),
            List.of(dl, dl));
    JsonNode json = report.toJson("t");
    JsonNode recs = json.path("recommendations");
    assertThat(recs.get(0).path("type").asText()).isEqualTo("RIGHTSIZE");
    assertThat(recs.get(0).path("savingsUsd").asDouble()).isEqualTo(14.6); // 0.02 $/h x 730 h
    assertThat(recs.get(0).path("recurring").asBoolean()).isTrue();
    // Peak excess $2/h over the incident's 2 h (first window start to last window end).
    assertThat(recs.get(1).path("savingsUsd").asDouble()).isEqualTo(4.0);
    assertThat(json.at("/summary/savingsUsdPerMonth").asDouble()).isEqualTo(14.6, within());
    assertThat(json.at("/summary/incidents").asInt()).isEqualTo(2);
    assertThat(json.at("/summary/invocations").asLong()).isEqualTo(12);
    assertThat(json.at("/series/1~1us-east-1~1orders/invocations").toString()).isEqualTo("[5,7]");
    assertThat(json.at("/deadLetters/0/count").asInt()).isEqualTo(2);
    assertThat(json.at("/findings").size()).isEqualTo(3);
  }

  @Test
  void dataCannotCloseTheScriptBlock() throws Exception {
    Finding f = finding("x", "i", "ERROR_STORM", T0, 0);
    f.explanation = "</script><script>alert(1)</script>";
    String html =
        HtmlReport.render(
            new BacktestReport(List.of(f), List.of(bucket(T0, 1)), List.of(), List.of()),
            "<Title>");
    assertThat(html).doesNotContain("alert(1)</script>").contains("&lt;Title&gt;");
    assertThat(html).contains("uPlot").doesNotContain("{{data}}", "/*{{uplot.js}}*/");
  }

  static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
