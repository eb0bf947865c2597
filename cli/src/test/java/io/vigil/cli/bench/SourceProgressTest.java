package io.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class SourceProgressTest {
  private static final long S = 1_000_000_000L;

  @Test
  void theSteadyRateLeavesOutTheStartAndTheEnd() {
    // 1 s deploying, 1,000 records a second for 4 s, then 1.5 s of final checkpoint
    List<long[]> samples = new ArrayList<>();
    for (int i = 0; i <= 65; i++) {
      long t = i * S / 10;
      long n = Math.max(0, Math.min(4000, (t - S) * 1000 / S));
      samples.add(new long[] {t, n});
    }
    assertThat(SourceProgress.steadySeconds(samples, 0.1, 0.9)).isCloseTo(4.0, within(1e-9));
  }

  @Test
  void itInterpolatesBetweenSamples() {
    List<long[]> samples =
        List.of(new long[] {0, 0}, new long[] {2 * S, 100}, new long[] {3 * S, 100});
    // 10 and 90 records passed at 0.2 s and 1.8 s: 1.6 s for 80% of the run
    assertThat(SourceProgress.steadySeconds(samples, 0.1, 0.9)).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void withoutCountsThereIsNoSteadyRate() {
    assertThat(SourceProgress.steadySeconds(List.of(), 0.1, 0.9)).isNaN();
    assertThat(
            SourceProgress.steadySeconds(List.of(new long[] {0, 0}, new long[] {S, 0}), 0.1, 0.9))
        .isNaN();
  }

  @Test
  void onlySourceOperatorsCountersAreKept() {
    SourceProgress reporter = new SourceProgress();
    SimpleCounter source = new SimpleCounter(), sourceTask = new SimpleCounter();
    SimpleCounter decode = new SimpleCounter();
    String task = "Source: Replay -> Decode -> Pre-aggregate";
    reporter.notifyOfAddedMetric(source, "numRecordsOut", group("job1", task, "Source: Replay"));
    reporter.notifyOfAddedMetric(sourceTask, "numRecordsOut", group("job1", task, null));
    reporter.notifyOfAddedMetric(decode, "numRecordsOut", group("job1", task, "Decode"));
    reporter.notifyOfAddedMetric(
        new SimpleCounter(), "numRecordsIn", group("job1", task, "Source: Replay"));
    source.inc(7);
    sourceTask.inc(100);
    decode.inc(1000);
    assertThat(SourceProgress.recordsOut("job1")).isEqualTo(7);
    assertThat(SourceProgress.recordsOut("job2")).isZero();
    SourceProgress.forget("job1");
    assertThat(SourceProgress.recordsOut("job1")).isZero();
  }

  private static UnregisteredMetricsGroup group(String job, String task, String operator) {
    return new UnregisteredMetricsGroup() {
      @Override
      public Map<String, String> getAllVariables() {
        return operator == null
            ? Map.of("<job_id>", job, "<task_name>", task)
            : Map.of("<job_id>", job, "<task_name>", task, "<operator_name>", operator);
      }
    };
  }
}
