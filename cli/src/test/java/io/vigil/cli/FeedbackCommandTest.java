package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.finding.Feedback;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FeedbackCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int vigil(String... args) {
    CommandLine cl = new CommandLine(new VigilCli());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void appendsValidatedLines() throws Exception {
    Path fb = dir.resolve("feedback");
    assertThat(
            vigil(
                "feedback",
                "--dir",
                fb.toString(),
                "--incident",
                "inc-1",
                "--function",
                "checkout-api",
                "--type",
                "error_storm",
                "--false-positive",
                "--until",
                "2025-12-01T00:00:00Z"))
        .isZero();
    assertThat(
            vigil(
                "feedback",
                "--dir",
                fb.toString(),
                "--incident",
                "inc-2",
                "--function",
                "checkout-api",
                "--type",
                "COST_SPIKE",
                "--confirmed"))
        .isZero();
    List<String> lines = Files.readAllLines(fb.resolve(FeedbackCommand.FILE));
    assertThat(lines)
        .containsExactly(
            "{\"incidentId\":\"inc-1\",\"functionName\":\"checkout-api\",\"type\":\"ERROR_STORM\","
                + "\"verdict\":\"false-positive\",\"until\":\"2025-12-01T00:00:00Z\"}",
            "{\"incidentId\":\"inc-2\",\"functionName\":\"checkout-api\",\"type\":\"COST_SPIKE\","
                + "\"verdict\":\"confirmed\"}");
    // What the job reads back.
    assertThat(Feedback.parse(lines.get(0)).falsePositive()).isTrue();
    assertThat(out.toString()).contains("recorded in");
  }

  @Test
  void rejectsBadInputWithClearErrors() {
    String d = dir.toString();
    assertThat(
            vigil(
                "feedback",
                "--dir",
                d,
                "--incident",
                "i",
                "--function",
                "f",
                "--type",
                "NOPE",
                "--confirmed"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("invalid feedback: type: must be one of");
    assertThat(
            vigil(
                "feedback",
                "--dir",
                d,
                "--incident",
                "i",
                "--function",
                "f",
                "--type",
                "ERROR_STORM",
                "--false-positive",
                "--until",
                "tomorrow"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("until: must be an ISO-8601 instant");
    assertThat(
            vigil(
                "feedback",
                "--dir",
                d,
                "--incident",
                "i",
                "--function",
                "f",
                "--type",
                "ERROR_STORM",
                "--confirmed",
                "--until",
                "2025-12-01T00:00:00Z"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("until: only for false-positive verdicts");
    // Exactly one verdict.
    assertThat(
            vigil(
                "feedback",
                "--dir",
                d,
                "--incident",
                "i",
                "--function",
                "f",
                "--type",
                "ERROR_STORM",
                "--confirmed",
                "--false-positive"))
        .isNotZero();
    assertThat(
            vigil(
                "feedback",
                "--dir",
                d,
                "--incident",
                "i",
                "--function",
                "f",
                "--type",
                "ERROR_STORM"))
        .isNotZero();
    assertThat(Files.exists(dir.resolve(FeedbackCommand.FILE))).isFalse();
  }
}
