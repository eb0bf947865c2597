package io.vigil.models.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FunctionDetectorsTest {
  private static final long MINUTE = 60_000;
  private final DetectorSettings cfg = new DetectorSettings();
  private final FunctionDetectors detectors = new FunctionDetectors(cfg, PriceTable.defaults());
  private final Random random = new Random(7);

  /** A normal bucket: diurnal invocations around 100/min at peak, a few errors, 200 ms, egress. */
  private MetricBucket normal(long minute) {
    double diurnal = 0.55 + 0.45 * Math.sin(2 * Math.PI * (minute % 1440) / 1440.0);
    long inv =
        Math.max(1, Math.round(100 * diurnal + random.nextGaussian() * Math.sqrt(100 * diurnal)));
    MetricBucket b = new MetricBucket();
    b.functionKey = "111122223333/us-east-1/f";
    b.accountId = "111122223333";
    b.region = "us-east-1";
    b.functionName = "f";
    b.bucketStart = minute * MINUTE;
    b.bucketEnd = b.bucketStart + MINUTE;
    b.invocations = inv;
    b.errors = random.nextInt(100) < 30 ? 1 : 0;
    b.timeouts = 0;
    b.durationP50Ms = 200 + random.nextGaussian() * 10;
    b.durationP95Ms = b.durationP50Ms * 2;
    b.durationMaxMs = b.durationP50Ms * 3;
    b.memorySizeMb = 1024;
    b.maxMemoryUsedMb = 600 + random.nextInt(40);
    b.memoryUsedP99Mb = b.maxMemoryUsedMb;
    b.gbSeconds = inv * b.durationP50Ms / 1000.0;
    b.estimatedCostUsd = b.gbSeconds * 0.0000166667 + inv * 0.0000002;
    b.flows = 10;
    b.egressBytes = Math.round(inv * 2000 * (1 + random.nextGaussian() * 0.05));
    b.distinctDestinationPorts = 2;
    return b;
  }

  /** Runs warm-up, then buckets with the anomaly applied; returns signals per anomalous bucket. */
  private List<List<Signal>> run(
      FunctionBaseline s, int warmup, int anomalous, Consumer<MetricBucket> anomaly) {
    long minute = 600;
    for (int i = 0; i < warmup; i++) assertThat(detectors.evaluate(normal(minute++), s)).isEmpty();
    List<List<Signal>> out = new ArrayList<>();
    for (int i = 0; i < anomalous; i++) {
      MetricBucket b = normal(minute++);
      anomaly.accept(b);
      out.add(detectors.evaluate(b, s));
    }
    return out;
  }

  private static boolean has(List<Signal> signals, FindingType type) {
    return signals.stream().anyMatch(s -> s.type() == type);
  }

  @Test
  void staysQuietOnTwoDaysOfDiurnalNoise() {
    FunctionBaseline s = new FunctionBaseline();
    int alarms = 0;
    for (long minute = 0; minute < 2 * 1440; minute++)
      alarms += detectors.evaluate(normal(minute), s).size();
    assertThat(alarms).isZero();
  }

  @Test
  void flagsAnInvocationSpikeInTheFirstBucket() {
    List<List<Signal>> out = run(new FunctionBaseline(), 120, 1, b -> b.invocations *= 8);
    assertThat(has(out.get(0), FindingType.INVOCATION_SPIKE)).isTrue();
    Signal s = out.get(0).get(0);
    assertThat(s.observed()).isGreaterThan(3 * s.expected());
    assertThat(s.explanation()).contains("invocations per minute").contains("expected");
  }

  @Test
  void callsExponentialGrowthARecursiveLoop() {
    long[] level = {100};
    List<List<Signal>> out =
        run(
            new FunctionBaseline(),
            120,
            12,
            b -> {
              level[0] = Math.round(level[0] * 1.35);
              b.invocations = level[0];
            });
    assertThat(out.stream().anyMatch(l -> has(l, FindingType.RECURSIVE_LOOP))).isTrue();
  }

  @Test
  void flagsErrorAndTimeoutStorms() {
    List<List<Signal>> errors =
        run(new FunctionBaseline(), 120, 1, b -> b.errors = b.invocations / 2);
    assertThat(has(errors.get(0), FindingType.ERROR_STORM)).isTrue();
    List<List<Signal>> timeouts =
        run(new FunctionBaseline(), 120, 1, b -> b.timeouts = b.invocations * 2 / 5);
    assertThat(has(timeouts.get(0), FindingType.TIMEOUT_STORM)).isTrue();
  }

  @Test
  void flagsAPersistentDurationRegressionButNotOneSlowBucket() {
    List<List<Signal>> once = run(new FunctionBaseline(), 120, 1, b -> b.durationP50Ms *= 3);
    assertThat(has(once.get(0), FindingType.DURATION_REGRESSION)).isFalse();
    List<List<Signal>> shift = run(new FunctionBaseline(), 120, 3, b -> b.durationP50Ms *= 3);
    assertThat(has(shift.get(1), FindingType.DURATION_REGRESSION)).isTrue();
  }

  @Test
  void flagsACostSpikeWhenTheSameTrafficCostsMore() {
    List<List<Signal>> out = run(new FunctionBaseline(), 120, 2, b -> b.estimatedCostUsd *= 6);
    assertThat(has(out.get(0), FindingType.COST_SPIKE)).isFalse();
    assertThat(has(out.get(1), FindingType.COST_SPIKE)).isTrue();
    assertThat(out.get(1).get(0).impactUsdPerHour()).isPositive();
  }

  @Test
  void oneVeryLongInvocationIsNotACostSpike() {
    FunctionBaseline s = new FunctionBaseline();
    List<List<Signal>> out = run(s, 120, 1, b -> b.estimatedCostUsd += 900 * 1.5 * 0.0000166667);
    assertThat(out.get(0)).isEmpty();
    assertThat(detectors.evaluate(normal(10_000), s)).isEmpty();
  }

  @Test
  void flagsMiningExfiltrationAndPortScans() {
    List<List<Signal>> mining =
        run(
            new FunctionBaseline(),
            60,
            1,
            b -> {
              b.miningPortFlows = 3;
              b.topDestination = "198.51.100.9";
              b.topDestinationPort = 3333;
            });
    assertThat(has(mining.get(0), FindingType.CRYPTO_MINING)).isTrue();
    assertThat(mining.get(0).get(0).explanation()).contains("198.51.100.9:3333");

    List<List<Signal>> exfil =
        run(
            new FunctionBaseline(),
            120,
            1,
            b -> {
              b.egressBytes *= 50;
              b.newDestinations = 1;
            });
    assertThat(has(exfil.get(0), FindingType.EGRESS_EXFILTRATION)).isTrue();

    List<List<Signal>> scan =
        run(
            new FunctionBaseline(),
            120,
            1,
            b -> {
              b.distinctDestinationPorts = 180;
              b.rejectedFlows = 200;
            });
    assertThat(has(scan.get(0), FindingType.PORT_SCAN)).isTrue();
  }

  @Test
  void recommendsASmallerMemorySizeOverALongWindow() {
    FunctionBaseline s = new FunctionBaseline();
    List<Signal> all = new ArrayList<>();
    for (long minute = 0; minute < cfg.rightsizeWindowBuckets; minute++) {
      MetricBucket b = normal(minute);
      b.memorySizeMb = 3008;
      b.maxMemoryUsedMb = 150;
      b.memoryUsedP99Mb = 148;
      all.addAll(detectors.evaluate(b, s));
    }
    assertThat(all).hasSize(1);
    Signal r = all.get(0);
    assertThat(r.type()).isEqualTo(FindingType.MEMORY_OVERPROVISIONED);
    assertThat(r.explanation()).contains("3008 MB").contains("256 MB would do");
    assertThat(detectors.recommendedMemory(150)).isEqualTo(256);
    assertThat(detectors.recommendedMemory(40)).isEqualTo(128);
  }

  @Test
  void baselineDoesNotLearnFromAnOngoingIncident() {
    FunctionBaseline s = new FunctionBaseline();
    List<List<Signal>> out = run(s, 120, 30, b -> b.errors = b.invocations / 2);
    assertThat(out).allMatch(l -> has(l, FindingType.ERROR_STORM));
    assertThat(s.errorRate.level).isLessThan(0.05);
  }
}
