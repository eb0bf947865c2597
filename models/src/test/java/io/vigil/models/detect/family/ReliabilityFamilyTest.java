package io.vigil.models.detect.family;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReliabilityFamilyTest {
  @Test
  void anErrorStormOnTwoInvocationsAMinuteIsFoundFromAccumulatedEvidence() {
    SyntheticFunction f = new SyntheticFunction(2.5, 11);
    f.run(900);
    f.errorRate = 0.5;
    assertThat(f.bucketsUntil(FindingType.ERROR_STORM, 20)).isBetween(2, 12);
  }

  @Test
  void aBigFunctionsStormIsFoundInOneBucket() {
    SyntheticFunction f = new SyntheticFunction(300, 12);
    f.run(900);
    f.errorRate = 0.1;
    assertThat(f.bucketsUntil(FindingType.ERROR_STORM, 3)).isEqualTo(1);
    f.errorRate = 0.002;
    f.timeoutRate = 0.05;
    assertThat(f.bucketsUntil(FindingType.TIMEOUT_STORM, 3)).isEqualTo(1);
  }

  @Test
  void oneFailedInvocationOfOneIsNotAStorm() {
    SyntheticFunction f = new SyntheticFunction(1, 13);
    f.run(900);
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
    SyntheticFunction f = new SyntheticFunction(100, 14);
    f.run(900);
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
}
