package io.vigil.models.detect.family;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeFamilyTest {
  @Test
  void aSmallFunctionsSustainedNineFoldSpikeIsFoundWithinMinutes() {
    SyntheticFunction f = new SyntheticFunction(1.5, 3);
    f.run(900);
    f.rateFactor = 9;
    int t = f.bucketsUntil(FindingType.INVOCATION_SPIKE, 18);
    assertThat(t).isBetween(1, 4);
  }

  @Test
  void aBigFunctionsOneBucketThirtyPercentBlipIsNot() {
    SyntheticFunction f = new SyntheticFunction(1000, 4);
    f.run(900);
    f.rateFactor = 1.3;
    List<Signal> blip = f.run(1);
    f.rateFactor = 1;
    blip.addAll(f.run(10));
    assertThat(SyntheticFunction.count(blip, FindingType.INVOCATION_SPIKE)).isZero();
  }

  @Test
  void evidenceAccumulatesAcrossBucketsAtLowCounts() {
    // 0.8/min at the time, x6: no single bucket is convincing, a few in a row are.
    SyntheticFunction f = new SyntheticFunction(0.8, 5);
    f.run(900);
    f.rateFactor = 6;
    int t = f.bucketsUntil(FindingType.INVOCATION_SPIKE, 40);
    assertThat(t).isGreaterThan(1).isLessThanOrEqualTo(20);
  }

  @Test
  void exponentialGrowthIsARecursiveLoopNotASpike() {
    SyntheticFunction f = new SyntheticFunction(6, 6);
    f.run(900);
    int loopAt = -1;
    for (int i = 0; i < 20 && loopAt < 0; i++) {
      f.rateFactor = Math.min(64, Math.pow(2, 1 + i / 3)); // doubles every 3 minutes
      if (f.step(b -> {}).stream().anyMatch(s -> s.type() == FindingType.RECURSIVE_LOOP)) {
        loopAt = i + 1;
      }
    }
    assertThat(loopAt).isBetween(1, 15);
  }

  @Test
  void aStepSpikeIsNotALoop() {
    SyntheticFunction f = new SyntheticFunction(30, 7);
    f.run(900);
    f.rateFactor = 8;
    List<Signal> out = f.run(20);
    assertThat(SyntheticFunction.count(out, FindingType.INVOCATION_SPIKE)).isPositive();
    assertThat(SyntheticFunction.count(out, FindingType.RECURSIVE_LOOP)).isZero();
  }

  @Test
  void growthSlopeIsWeightedByCounts() {
    var s = new io.vigil.models.detect.FunctionBaseline();
    long[] counts = {10, 14, 20, 28, 40, 56, 80};
    for (long c : counts) {
      s.recentInvocations[(int) (s.buckets % 8)] = c;
      s.buckets++;
    }
    double[] g = VolumeFamily.growth(112, s, 0, 8);
    assertThat(g[0]).isBetween(0.3, 0.38); // ln(1.4) per bucket
    assertThat(g[1]).isGreaterThan(4);
    assertThat(VolumeFamily.growing(112, s, 0.1)).isTrue();
    assertThat(VolumeFamily.growing(112, s, 0.5)).isFalse();
  }
}
