package io.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Warm-up ends on the first job whose JIT threads used less than the given share of its CPU. */
class WarmupTest {
  private static EndToEndBenchmark.Job job(double cpu, double jit) {
    return new EndToEndBenchmark.Job(
        10, 10, cpu, 2, 0, Map.of("JIT", jit), CheckpointSizes.Size.NONE, JobPhases.Phases.NONE);
  }

  @Test
  void endsOnceTheJitSettles() {
    EndToEndBenchmark.Warmup warmup = new EndToEndBenchmark.Warmup(10, 0.08);
    assertThat(warmup.done(job(20, 5.3))).isFalse();
    assertThat(warmup.done(job(11.3, 1.3))).isFalse();
    assertThat(warmup.done(job(11, 0.7))).isTrue();
  }

  @Test
  void aZeroShareRunsEveryWarmUpJob() {
    EndToEndBenchmark.Warmup warmup = new EndToEndBenchmark.Warmup(3, 0);
    assertThat(warmup.done(job(11, 0))).isFalse();
  }

  @Test
  void aJobWithoutJitFiguresDoesNotEndIt() {
    EndToEndBenchmark.Warmup warmup = new EndToEndBenchmark.Warmup(10, 0.08);
    assertThat(
            warmup.done(
                new EndToEndBenchmark.Job(
                    10, 10, 11, 2, 0, Map.of(), CheckpointSizes.Size.NONE, JobPhases.Phases.NONE)))
        .isFalse();
  }
}
