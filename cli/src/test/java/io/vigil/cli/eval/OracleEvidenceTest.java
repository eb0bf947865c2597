package io.vigil.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.cli.eval.OracleEvidence.Series;
import io.vigil.models.finding.FindingType;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.FunctionSpec;
import io.vigil.models.sim.Incident;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OracleEvidenceTest {
  private static final double H = 14;

  /** A Tuesday, 00:00 UTC: no weekend dip. */
  private static final long T0 = Instant.parse("2026-03-03T00:00:00Z").toEpochMilli();

  private static final int BUCKETS = 200;

  private static FunctionSpec fn(double peakPerMinute) {
    FunctionSpec f = new FunctionSpec();
    f.name = "f";
    f.peakInvocationsPerMinute = peakPerMinute;
    f.peakTroughRatio = 1; // flat day: the expectation is the peak (times the noise mean)
    f.medianDurationMs = 100;
    f.durationSpread = 0.5;
    f.timeoutSeconds = 3;
    return f;
  }

  private static Incident incident(FindingType t, int start, int minutes, double magnitude) {
    Incident i = new Incident(t, "f", start, minutes, magnitude);
    i.startEpochMs = T0 + start * 60_000L;
    i.endEpochMs = T0 + (start + minutes) * 60_000L;
    return i;
  }

  /** Every bucket: n invocations, no errors or timeouts, durations at the median. */
  private static Series quiet(long n) {
    Series s = new Series(BUCKETS);
    for (int b = 0; b < BUCKETS; b++) s.set(b, n, 0, 0, 100);
    return s;
  }

  @Test
  void anErrorStormWithEnoughEvidenceCrossesH() {
    Incident storm = incident(FindingType.ERROR_STORM, 100, 20, 0.3);
    Series s = quiet(10);
    for (int b = 100; b < 120; b++) s.set(b, 10, 3, 0, 100);
    double e = OracleEvidence.evidence(storm, fn(10), s, T0);
    double perBucket =
        3 * Math.log(0.3 / FleetSimulator.BASE_ERROR_RATE)
            + 7 * Math.log(0.7 / (1 - FleetSimulator.BASE_ERROR_RATE));
    // 20 storm buckets, then the bucket after the end (fed by the last storm minute) adds its
    // 10 clean trials' evidence against; the maximum is at the storm's last bucket.
    assertThat(e).isCloseTo(20 * perBucket, within(1e-9));
    assertThat(e).isGreaterThan(H);
  }

  @Test
  void aThinStormStaysBelowH() {
    // 1% failing on 3 invocations a minute for 20 minutes: one error in ~60 trials.
    Incident storm = incident(FindingType.ERROR_STORM, 100, 20, 0.01);
    Series s = quiet(3);
    s.set(110, 3, 1, 0, 100);
    double e = OracleEvidence.evidence(storm, fn(3), s, T0);
    assertThat(e).isCloseTo(Math.log(0.01 / 0.002) + 2 * Math.log(0.99 / 0.998), within(1e-9));
    assertThat(e).isLessThan(H);
  }

  @Test
  void theCusumResetsAtZero() {
    // Without the reset the -20 would cancel the first 5 and cap the run at 5 - 20 + 12 < 0.
    assertThat(OracleEvidence.maxCusum(new double[] {5, -20, 6, 6}, 0, 3)).isEqualTo(12);
    assertThat(OracleEvidence.maxCusum(new double[] {5, -3, 6}, 0, 2)).isEqualTo(8);
    // Evidence spread thin between resets never adds up.
    double[] flicker = new double[100];
    for (int i = 0; i < 100; i++) flicker[i] = i % 2 == 0 ? 3 : -4;
    assertThat(OracleEvidence.maxCusum(flicker, 0, 99)).isEqualTo(3);
  }

  @Test
  void aPoissonSpikeOnAQuietFunction() {
    // ~1.3 a minute to x9 for 18 minutes: ~200 invocations where ~23 were expected.
    FunctionSpec f = fn(1.3);
    double l0 = FleetSimulator.baselineInvocationsPerMinute(f, T0 + 100 * 60_000L);
    assertThat(l0).isEqualTo(1.3);
    Incident spike = incident(FindingType.INVOCATION_SPIKE, 100, 18, 9);
    Series s = quiet(1);
    for (int b = 100; b < 118; b++) s.set(b, 11, 0, 0, 100);
    double e = OracleEvidence.evidence(spike, f, s, T0);
    double poisson = 18 * OracleEvidence.poissonLlr(11, l0, 9 * l0);
    assertThat(poisson).isCloseTo(18 * (11 * Math.log(9) - 8 * 1.3), within(1e-9));
    // At ~1-12 a minute the rate noise (sigma 0.1) adds little to the Poisson spread.
    assertThat(e).isCloseTo(poisson, within(0.05 * poisson)).isGreaterThan(H);

    // The same x9 design on counts that did not rise: evidence against, never above 0.
    assertThat(OracleEvidence.evidence(spike, f, quiet(1), T0)).isZero();
  }

  @Test
  void theRateNoiseWeakensCountEvidenceOnBusyFunctions() {
    // sigma -> 0 is the Poisson ratio.
    assertThat(OracleEvidence.noisyPoissonLlr(14, 5, 10, 1e-9))
        .isCloseTo(OracleEvidence.poissonLlr(14, 5, 10), within(1e-6));
    // 1,000 a minute, x1.3 seen exactly: Poisson alone calls it ~40 nats, but a minute's noise
    // (sd ~10% of the rate, 3x the Poisson sd) explains much of a 30% step: a few nats.
    double poisson = OracleEvidence.poissonLlr(1300, 1000, 1300);
    double noisy = OracleEvidence.noisyPoissonLlr(1300, 1000, 1300, 0.1);
    assertThat(poisson).isGreaterThan(30);
    assertThat(noisy).isPositive().isLessThan(poisson / 4);
    // Symmetric check: a count at the baseline is evidence against the spike.
    assertThat(OracleEvidence.noisyPoissonLlr(1000, 1000, 1300, 0.1)).isNegative();
  }

  @Test
  void aLoopGrowsByDoublingUpToItsCap() {
    Incident loop = incident(FindingType.RECURSIVE_LOOP, 100, 20, 6);
    assertThat(FleetSimulator.loopMultiplier(loop, 100)).isEqualTo(2);
    assertThat(FleetSimulator.loopMultiplier(loop, 103)).isEqualTo(4);
    assertThat(FleetSimulator.loopMultiplier(loop, 106)).isEqualTo(6);
    FunctionSpec f = fn(2);
    double l0 = FleetSimulator.baselineInvocationsPerMinute(f, T0);
    Series s = quiet(2);
    s.set(100, 4, 0, 0, 100);
    assertThat(OracleEvidence.evidence(loop, f, s, T0))
        .isCloseTo(OracleEvidence.noisyPoissonLlr(4, l0, 2 * l0, 0.1), within(1e-9))
        .isCloseTo(4 * Math.log(2) - l0, within(0.05));
  }

  @Test
  void evidenceAfterTheWindowDoesNotCount() {
    // A timeout storm on a 900 s timeout: its timeouts report 15 buckets after they start, so
    // the first 5 minutes of a 10-minute storm report inside the window (end + 10), the rest after.
    Incident storm = incident(FindingType.TIMEOUT_STORM, 100, 10, 0.5);
    FunctionSpec f = fn(4);
    f.timeoutSeconds = 900;
    Series s = quiet(4);
    // Each reporting bucket: its own 8 normal invocations + 2 timeouts of 15 minutes ago.
    for (int b = 115; b < 125; b++) s.set(b, 10, 0, 2, 100);
    // Trials: the 2 timeouts reported now + the 4 that ended normally 15 buckets back.
    double perBucket =
        2 * Math.log(0.5 / FleetSimulator.BASE_TIMEOUT_RATE)
            + 4 * Math.log(0.5 / (1 - FleetSimulator.BASE_TIMEOUT_RATE));
    double e = OracleEvidence.evidence(storm, f, s, T0);
    assertThat(e).isCloseTo(5 * perBucket, within(1e-9)); // buckets 115..119 end by minute 120

    f.timeoutSeconds = 300; // the same storm reported 5 buckets after it starts: all inside
    Series early = quiet(4);
    for (int b = 105; b < 115; b++) early.set(b, 6, 0, 2, 100); // 4 normal + 2 timeouts
    assertThat(OracleEvidence.evidence(storm, f, early, T0))
        .isCloseTo(10 * perBucket, within(1e-9));
  }

  @Test
  void aDurationShiftIsPerInvocation() {
    // Geometric mean at the shifted median: n d^2 / (2 sigma^2) per bucket.
    double d = Math.log(1.2);
    assertThat(OracleEvidence.logNormalShiftLlr(40, 120, 100, 0.5, 1.2))
        .isCloseTo(40 * d * d / (2 * 0.25), within(1e-9));
    assertThat(OracleEvidence.logNormalShiftLlr(40, 100, 100, 0.5, 1.2)).isNegative();
    Incident reg = incident(FindingType.DURATION_REGRESSION, 100, 10, 1.2);
    Series s = quiet(3);
    for (int b = 100; b < 110; b++) s.set(b, 3, 0, 0, 120);
    double e = OracleEvidence.evidence(reg, fn(3), s, T0);
    assertThat(e).isCloseTo(10 * 3 * d * d / (2 * 0.25), within(1e-9)).isLessThan(H);
  }

  @Test
  void memoryAndNetworkAreNotAssessedAndCountAsDetectable() {
    Incident mem = incident(FindingType.MEMORY_OVERPROVISIONED, 0, 200, 2);
    assertThat(OracleEvidence.evidence(mem, fn(3), quiet(3), T0)).isNaN();
    Label l = new Label("0", FindingType.PORT_SCAN, "f", 0, 1, 3);
    OracleEvidence.Assessment a = new OracleEvidence.Assessment(l, OracleEvidence.NOT_ASSESSED);
    assertThat(a.detectable(H)).isTrue();
  }

  @Test
  void assessesEachLabelFromTheBucketsOfItsFunction() {
    Incident storm = incident(FindingType.ERROR_STORM, 100, 20, 0.3);
    Series s = quiet(10);
    for (int b = 100; b < 120; b++) s.set(b, 10, 3, 0, 100);
    List<Label> labels = Label.fromIncidents(List.of(storm), T0, T0 + BUCKETS * 60_000L);
    List<OracleEvidence.Assessment> a =
        OracleEvidence.assess(
            labels, List.of(storm), List.of(fn(10)), Map.of("f", s), T0, BUCKETS, 60_000L);
    assertThat(a).hasSize(1);
    assertThat(a.get(0).label()).isSameAs(labels.get(0));
    assertThat(a.get(0).evidence()).isGreaterThan(H);
    // Five-minute buckets are not the simulator's step: not assessed.
    assertThat(
            OracleEvidence.assess(
                    labels, List.of(storm), List.of(fn(10)), Map.of("f", s), T0, BUCKETS, 300_000L)
                .get(0)
                .assessed())
        .isFalse();
  }
}
