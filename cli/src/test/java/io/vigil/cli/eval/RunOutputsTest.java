package io.vigil.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.Json;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eval commands read the job's sink folders (committed part files), or a plain JSONL file. */
class RunOutputsTest {
  @TempDir Path dir;

  private static String finding(String fn) {
    Finding f = new Finding();
    f.functionName = fn;
    f.type = "ERROR_STORM";
    f.status = "OPEN";
    return Json.write(f);
  }

  private static String bucket(String key, long start) {
    MetricBucket b = new MetricBucket();
    b.functionKey = key;
    b.bucketStart = start;
    return Json.write(b);
  }

  @Test
  void findingsAndFunctionHoursComeFromTheCommittedPartFiles() throws Exception {
    Path findings = Files.createDirectories(dir.resolve("findings"));
    Files.writeString(
        findings.resolve("part-0.jsonl"), finding("a") + "\n\n" + finding("b") + "\n");
    Files.writeString(findings.resolve(".part-1.jsonl.inprogress"), finding("c") + "\n");
    assertThat(IncidentScore.readFindings(dir.resolve("findings.jsonl")))
        .extracting(f -> f.functionName)
        .containsExactly("a", "b");

    Path metrics = Files.createDirectories(dir.resolve("metrics"));
    // Two functions x two buckets, one bucket written twice: 4 distinct minutes.
    Files.writeString(
        metrics.resolve("part-0.jsonl"),
        String.join(
            "\n",
            bucket("f", 0),
            bucket("f", 60_000),
            bucket("g", 0),
            bucket("g", 0),
            bucket("g", 60_000)));
    assertThat(FunctionHours.fromMetrics(dir.resolve("metrics.jsonl"), 60_000)).isEqualTo(4 / 60.0);
  }

  @Test
  void aPlainFileIsReadAsItIsAndNothingIsNothing() throws Exception {
    Path file = dir.resolve("mine.jsonl");
    Files.writeString(file, finding("x") + "\n");
    assertThat(IncidentScore.readFindings(file)).hasSize(1);
    assertThat(IncidentScore.readFindings(dir.resolve("absent.jsonl"))).isEmpty();
    assertThat(FunctionHours.fromMetrics(dir.resolve("absent.jsonl"), 60_000)).isZero();
  }
}
