package io.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A job whose bare-loop runs either side differ by more than 10% is flagged: the host's speed
 * changed around it, and the bare loop is its share's denominator.
 */
class BareSpreadTest {
  private static EndToEndBenchmark.Bare bare(double seconds) {
    return new EndToEndBenchmark.Bare(100, 1_000_000, 300_000, seconds, seconds, 200);
  }

  /** A job of 1,000,000 lines in {@code jobSeconds} on 2 cores against a bare loop at 1 s. */
  private static EndToEndBenchmark.Result result(double jobSeconds, double spread) {
    return new EndToEndBenchmark.Result(
        100,
        1_000_000,
        300_000,
        1.0,
        1.0,
        jobSeconds,
        jobSeconds,
        2 * jobSeconds,
        2,
        200,
        "1/2",
        0,
        Map.of(),
        CheckpointSizes.Size.NONE,
        JobPhases.Phases.NONE,
        spread);
  }

  @Test
  void theSpreadIsTheRatesDifferenceOverTheirMean() {
    // 1,000,000 lines/s and 800,000 lines/s: 200,000 over 900,000
    assertThat(EndToEndBenchmark.spread(bare(1.0), bare(1.25))).isCloseTo(2 / 9.0, within(1e-9));
    assertThat(EndToEndBenchmark.spread(bare(1.25), bare(1.0))).isCloseTo(2 / 9.0, within(1e-9));
    assertThat(EndToEndBenchmark.spread(bare(1.0), bare(1.0))).isZero();
  }

  @Test
  void aJobBetweenBareRunsMoreThanTenPercentApartIsFlagged() {
    assertThat(result(1.0, 0.099).unsteadyHost()).isFalse();
    assertThat(result(1.0, 0.101).unsteadyHost()).isTrue();
    assertThat(result(1.0, 0.101).report()).contains("differ by 10.1% (over 10%");
    assertThat(result(1.0, 0.05).report()).contains("differ by 5.0%").doesNotContain("over 10%");
    // the cold job has one bare run after it only: no spread, no line
    assertThat(result(1.0, Double.NaN).unsteadyHost()).isFalse();
    assertThat(result(1.0, Double.NaN).report()).doesNotContain("either side");
  }

  @Test
  void theSummaryGivesTheShareOverTheRunsOnASteadyHost() {
    // shares: 1.0 s -> 50%, 1.25 s -> 40%, 2.0 s -> 25% (flagged, left out of the last line)
    String summary =
        EndToEndBenchmark.summary(
            List.of(result(1.0, 0.02), result(1.25, 0.03), result(2.0, 0.30)));
    assertThat(summary)
        .contains("share of the bare loop (wall clock, per core): 40.0% [25.0-50.0%]")
        .contains("differ by at most 10%: 2 of 3; their wall-clock share: 45.0% [40.0-50.0%]");
    assertThat(EndToEndBenchmark.summary(List.of(result(2.0, 0.30))))
        .contains("differ by at most 10%: 0 of 1")
        .doesNotContain("their wall-clock share");
  }
}
