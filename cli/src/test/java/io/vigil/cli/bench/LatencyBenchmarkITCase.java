package io.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil bench --latency} end to end on a tiny feed: kinesalite, the whole job on its Kinesis
 * source, a steady feed of 4 fleet minutes of 10 functions (the default scenario needs 10). The
 * measured metric-bucket lines are the buckets of the measured minutes, each matched to the put of
 * its minute. No timing asserts: the figures depend on the machine.
 */
class LatencyBenchmarkITCase {
  @TempDir Path work;

  @Test
  void measuresPutToLineLatencyOfEveryMeasuredBucket() throws Exception {
    LatencyBenchmark.Result r =
        LatencyBenchmark.run(
            new LatencyBenchmark.Settings(
                10, 2, 4, 60, Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofMinutes(2)),
            work,
            System.out);
    System.out.print(r.report());
    assertThat(r.records()).isPositive();
    // buckets of the measured minutes were matched to their puts: some, and never more than one
    // per function and minute (a line counted twice, or a warm-up or tail bucket, would exceed it)
    assertThat(r.metrics().millis()).isNotEmpty().hasSizeLessThanOrEqualTo(10 * 4);
    assertThat(r.metrics().millis()).allMatch(Double::isFinite);
    assertThat(r.metrics().quantile(0.99)).isGreaterThanOrEqualTo(r.metrics().quantile(0.5));
    assertThat(r.report()).contains("metrics lines: ").contains("p50").contains("p99");
  }
}
