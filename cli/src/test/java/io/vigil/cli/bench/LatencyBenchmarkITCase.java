package io.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import io.vigil.operators.sink.JsonLinesFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil bench --latency} end to end on a tiny feed: kinesalite, the whole job on its Kinesis
 * source, a steady feed of 4 fleet minutes of 10 functions (the default scenario needs 10). The
 * measured metric-bucket lines are the buckets of the measured minutes, each matched to the put of
 * its minute. No timing asserts: the figures depend on the machine.
 */
class LatencyBenchmarkITCase {
  private static final int MEASURED_MINUTES = 4;

  @TempDir Path work;

  @Test
  void measuresPutToLineLatencyOfEveryMeasuredBucket() throws Exception {
    LatencyBenchmark.Result r =
        LatencyBenchmark.run(
            new LatencyBenchmark.Settings(
                10,
                2,
                MEASURED_MINUTES,
                60,
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                Duration.ofMinutes(2),
                new org.apache.flink.configuration.Configuration()),
            work,
            System.out);
    System.out.print(r.report());
    assertThat(r.records()).isPositive();
    // Buckets of the measured minutes were matched to their puts: some, and never more than one
    // per key and minute (a line counted twice, or a warm-up or tail bucket, would exceed it).
    // Keys, not functions: a function's billing rows carry its own region, while its log lines
    // take the stream's default region, so a function outside it has a billing-only key whose
    // hourly bucket may fall in the measured minutes.
    List<String> lines = JsonLinesFiles.lines(work.resolve("out"), "metrics");
    Set<String> keys = new HashSet<>();
    Set<String> buckets = new HashSet<>();
    for (String line : lines) {
      JsonNode m = Json.MAPPER.readTree(line);
      keys.add(m.path("functionKey").asText());
      assertThat(buckets.add(m.path("functionKey").asText() + "@" + m.path("bucketEnd").asLong()))
          .as("one line per key and bucket: %s", line)
          .isTrue();
    }
    assertThat(r.metrics().millis())
        .isNotEmpty()
        .hasSizeLessThanOrEqualTo(keys.size() * MEASURED_MINUTES);
    assertThat(r.metrics().millis()).allMatch(Double::isFinite);
    assertThat(r.metrics().quantile(0.99)).isGreaterThanOrEqualTo(r.metrics().quantile(0.5));
    assertThat(r.report()).contains("metrics lines: ").contains("p50").contains("p99");
  }
}
