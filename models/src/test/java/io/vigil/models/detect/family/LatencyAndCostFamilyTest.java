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
  void oneSlowInvocationAmongFewIsNotARegression() {
    SyntheticFunction f = SyntheticFunction.warmedUp(1.5, 23);
    List<Signal> out =
        f.run(
            1,
            b -> {
              b.invocations = 1;
              b.durationP50Ms = 600;
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
              b.durationMaxMs = 900_000;
              b.estimatedCostUsd += 900 * b.memorySizeMb / 1024.0 * 0.0000166667;
            });
    out.addAll(f.run(1, b -> b.estimatedCostUsd *= 50)); // one bucket with a huge outlier
    out.addAll(f.run(30));
    assertThat(SyntheticFunction.count(out, FindingType.COST_SPIKE)).isZero();
  }

  @Test
  void medianWeightIsTheEffectiveSampleSize() {
    assertThat(LatencyFamily.medianWeight(1)).isEqualTo(1);
    assertThat(LatencyFamily.medianWeight(100)).isEqualTo(200 / Math.PI);
  }
}
