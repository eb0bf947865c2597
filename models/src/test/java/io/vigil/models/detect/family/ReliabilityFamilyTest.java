package io.vigil.models.detect.family;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReliabilityFamilyTest {
  @Test
  void anErrorStormOnTwoInvocationsAMinuteIsFoundFromAccumulatedEvidence() {
    SyntheticFunction f = SyntheticFunction.warmedUp(2.5, 11);
    f.errorRate = 0.5;
    assertThat(f.bucketsUntil(FindingType.ERROR_STORM, 20)).isBetween(2, 12);
  }

  @Test
  void aBigFunctionsStormIsFoundInOneBucket() {
    SyntheticFunction f = SyntheticFunction.warmedUp(300, 12);
    f.errorRate = 0.1;
    assertThat(f.bucketsUntil(FindingType.ERROR_STORM, 3)).isEqualTo(1);
    f.errorRate = 0.002;
    f.timeoutRate = 0.05;
    assertThat(f.bucketsUntil(FindingType.TIMEOUT_STORM, 3)).isEqualTo(1);
  }

  @Test
  void oneFailedInvocationOfOneIsNotAStorm() {
    SyntheticFunction f = SyntheticFunction.warmedUp(1, 13);
    List<Signal> out =
        f.run(
            1,
            b -> {
              b.invocations = 1;
              b.errors = 1;
            });
    out.addAll(f.run(30));
    assertThat(SyntheticFunction.count(out, FindingType.ERROR_STORM)).isZero();
  }

  @Test
  void theNormalRateIsNotLearntFromAStorm() {
    SyntheticFunction f = SyntheticFunction.warmedUp(100, 14);
    double before = ReliabilityFamily.errorRate(f.state.errorRate);
    f.errorRate = 0.4;
    List<Signal> out = f.run(60);
    assertThat(SyntheticFunction.count(out, FindingType.ERROR_STORM)).isEqualTo(60);
    assertThat(ReliabilityFamily.errorRate(f.state.errorRate)).isEqualTo(before);
  }

  @Test
  void alternativeIsFourTimesOrALift() {
    assertThat(ReliabilityFamily.alternative(0.001, 0.02)).isEqualTo(0.021);
    assertThat(ReliabilityFamily.alternative(0.1, 0.02)).isEqualTo(0.4);
  }

  @Test
  void aFewTimeoutsInFewInvocationsAreFoundAgainstTheLargerAlternatives() {
    // 11% timeouts at ~4 a minute: ~0.45 timeouts per bucket where 1 in 2,000 is usual. The
    // smallest design alternative (+1 point) cannot gather h from that within the storm.
    int found = 0;
    for (long seed = 100; seed < 110; seed++) {
      SyntheticFunction f = new SyntheticFunction(4, seed);
      f.peakTrough = 1;
      f.run(SyntheticFunction.WARM_UP);
      f.timeoutRate = 0.11;
      if (f.bucketsUntil(FindingType.TIMEOUT_STORM, 17) > 0) found++;
    }
    assertThat(found).isGreaterThanOrEqualTo(9);
  }

  @Test
  void aTenPercentErrorStormAtThreeAMinuteIsFound() {
    int found = 0;
    for (long seed = 120; seed < 130; seed++) {
      SyntheticFunction f = new SyntheticFunction(3, seed);
      f.peakTrough = 1;
      f.run(SyntheticFunction.WARM_UP);
      f.errorRate = 0.1;
      if (f.bucketsUntil(FindingType.ERROR_STORM, 26) > 0) found++;
    }
    assertThat(found).isGreaterThanOrEqualTo(8);
  }

  @Test
  void theLadderKeepsItsRungsAndAlarmsOnlyWithTheBucketsSupport() {
    double[] rungs = new double[3];
    double h = 14;
    // 3 of 4 failed, against p0 = 0.005: the largest alternative gathers the most.
    double e = ReliabilityFamily.ladder(3, 4, 0.005, 0.02, rungs, h, true);
    assertThat(rungs[2]).isGreaterThan(rungs[1]).isGreaterThan(rungs[0]);
    assertThat(e).isLessThan(h);
    for (int i = 0; i < 3; i++) e = ReliabilityFamily.ladder(3, 4, 0.005, 0.02, rungs, h, true);
    assertThat(e).isGreaterThan(h);
    // A clean bucket ends the alarm.
    assertThat(ReliabilityFamily.ladder(0, 4, 0.005, 0.02, rungs, h, true)).isLessThan(h);
    // Not warm: nothing accumulates.
    assertThat(ReliabilityFamily.ladder(3, 4, 0.005, 0.02, new double[3], h, false)).isZero();
  }
}
