package io.vigil.models.detect.family;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyAndCostFamilyTest {
  @Test
  void aRegressionOnTwoInvocationsAMinuteAccumulates() {
    SyntheticFunction f = SyntheticFunction.warmedUp(2.5, 21);
    f.durationFactor = 3;
    assertThat(f.bucketsUntil(FindingType.DURATION_REGRESSION, 20)).isBetween(1, 8);
  }

  @Test
  void aBusyFunctionsRegressionIsFoundAtOnceAndAlsoRaisesCost() {
    SyntheticFunction f = SyntheticFunction.warmedUp(200, 22);
    f.durationFactor = 2;
    List<Signal> first = f.run(1);
    assertThat(SyntheticFunction.count(first, FindingType.DURATION_REGRESSION)).isEqualTo(1);
    assertThat(SyntheticFunction.count(first, FindingType.COST_SPIKE))
        .isZero(); // at most 0.6 h per bucket
    List<Signal> second = f.run(1);
    Signal cost =
        second.stream().filter(s -> s.type() == FindingType.COST_SPIKE).findFirst().orElseThrow();
    assertThat(cost.impactUsdPerHour()).isPositive();
  }

  @Test
  void aQuarterSlowerOnFewInvocationsIsFoundFromEachInvocationsDuration() {
    // ~3 invocations a minute (sigma 0.4), 1.3x: below the 1.5x design, found on the ladder's small
    // rung from the mean of log-durations; the median alone (weight 2n / pi) needs longer.
    SyntheticFunction perInvocation = SyntheticFunction.warmedUp(3, 27);
    perInvocation.durationFactor = 1.3;
    int geometric = perInvocation.bucketsUntil(FindingType.DURATION_REGRESSION, 90);
    SyntheticFunction median = new SyntheticFunction(3, 27);
    median.geometricMean = false;
    median.run(SyntheticFunction.WARM_UP);
    median.durationFactor = 1.3;
    int medianOnly = median.bucketsUntil(FindingType.DURATION_REGRESSION, 90);
    assertThat(geometric).isBetween(1, 60);
    assertThat(medianOnly == -1 || medianOnly > geometric).isTrue();
  }

  @Test
  void twoInvocationsTwiceAsSlowThenNormalAreNotARegression() {
    // One bucket of two invocations at 2x (geometric mean 2x): far from enough evidence alone.
    SyntheticFunction f = SyntheticFunction.warmedUp(1.5, 28);
    List<Signal> out =
        f.run(
            1,
            b -> {
              b.invocations = 2;
              b.durationGeoMeanMs = 2 * f.medianMs;
              b.durationP50Ms = 2 * f.medianMs;
            });
    out.addAll(f.run(60));
    assertThat(SyntheticFunction.count(out, FindingType.DURATION_REGRESSION)).isZero();
  }

  @Test
  void oneSlowInvocationAmongFewIsNotARegression() {
    SyntheticFunction f = SyntheticFunction.warmedUp(1.5, 23);
    List<Signal> out =
        f.run(
            1,
            b -> {
              b.invocations = 1;
              b.durationP50Ms = 600;
              b.durationGeoMeanMs = 600;
            });
    out.addAll(f.run(60));
    assertThat(SyntheticFunction.count(out, FindingType.DURATION_REGRESSION)).isZero();
  }

  @Test
  void oneTimedOutOrVeryLongInvocationIsNotACostSpike() {
    SyntheticFunction f = SyntheticFunction.warmedUp(10, 24);
    List<Signal> out =
        f.run(
            1,
            b -> {
              b.timeouts = 1; // billed the full 900 s timeout
              b.invocations++;
              b.durationMaxMs = 900_000;
              b.gbSeconds += 900 * b.memorySizeMb / 1024.0;
              b.estimatedCostUsd += 900 * b.memorySizeMb / 1024.0 * 0.0000166667;
            });
    out.addAll(f.run(1, b -> b.gbSeconds *= 50)); // one bucket with a huge outlier
    out.addAll(f.run(30));
    assertThat(SyntheticFunction.count(out, FindingType.COST_SPIKE)).isZero();
  }

  @Test
  void aQuarterMoreGbSecondsPerInvocationIsACostSpikeOnABusyFunction() {
    // x1.25 sits below the x1.5 design; the ladder's x1.22 rung gathers it within minutes.
    int found = 0;
    for (long seed = 400; seed < 410; seed++) {
      SyntheticFunction f = new SyntheticFunction(60, seed);
      f.run(900);
      f.durationFactor = 1.25;
      int at = f.bucketsUntil(FindingType.COST_SPIKE, 20);
      if (at > 0) found++;
    }
    assertThat(found).isGreaterThanOrEqualTo(9);
  }

  @Test
  void aSustainedCostShiftOnFewInvocationsIsNotLearntBeforeItIsFound() {
    // 1-4 invocations a minute with a wide spread (sigma 0.55): x1.5 GB-seconds builds evidence
    // slowly, and its first buckets come in below the learning gate. Learnt at once they raised
    // the baseline's variance and 28 of these 40 were found within 37 minutes; held back for
    // LogShift.GUARD buckets (dropped by the alarm), 34 are.
    int found = 0;
    for (long seed = 500; seed < 540; seed++) {
      SyntheticFunction f = new SyntheticFunction(4, seed);
      f.sigma = 0.55;
      f.run(SyntheticFunction.WARM_UP);
      f.durationFactor = 1.5;
      if (f.bucketsUntil(FindingType.COST_SPIKE, 37) > 0) found++;
    }
    assertThat(found).isGreaterThanOrEqualTo(32);
  }

  @Test
  void theRequestFeeDoesNotDiluteTheCostTest() {
    // A 20 ms function: the request fee is most of its cost per invocation; x1.6 GB-seconds is
    // still x1.6 of the part that can change.
    SyntheticFunction f = new SyntheticFunction(30, 411);
    f.medianMs = 20;
    f.memoryMb = 128;
    f.run(900);
    f.durationFactor = 1.6;
    assertThat(f.bucketsUntil(FindingType.COST_SPIKE, 10)).isBetween(2, 10);
  }

  @Test
  void bucketsWithATimedOutInvocationCarryNoCostEvidence() {
    // A busy function with a 15-minute timeout and its odd hung invocation: the profile's maximum
    // is the timeout only to within the sketch's 2%, and the 18 s left over would read as 1.2-1.4x
    // GB-seconds for the bucket's few hundred normal invocations.
    SyntheticFunction f = new SyntheticFunction(400, 412);
    f.peakTrough = 2;
    f.timeoutMs = 900_000;
    f.timeoutRate = 0.0003;
    List<Signal> out =
        f.run(
            1440,
            b -> {
              if (b.timeouts > 0) b.durationMaxMs *= 0.98;
            });
    assertThat(SyntheticFunction.count(out, FindingType.COST_SPIKE)).isZero();
  }

  @Test
  void medianWeightIsTheEffectiveSampleSize() {
    assertThat(LatencyFamily.medianWeight(1)).isEqualTo(1);
    assertThat(LatencyFamily.medianWeight(100)).isEqualTo(200 / Math.PI);
  }
}
