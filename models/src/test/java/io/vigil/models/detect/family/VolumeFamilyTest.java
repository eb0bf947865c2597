package io.vigil.models.detect.family;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolumeFamilyTest {
  @Test
  void aSmallFunctionsSustainedNineFoldSpikeIsFoundWithinMinutes() {
    SyntheticFunction f = SyntheticFunction.warmedUp(1.5, 3);
    f.rateFactor = 9;
    int t = f.bucketsUntil(FindingType.INVOCATION_SPIKE, 18);
    assertThat(t).isBetween(1, 4);
  }

  @Test
  void aBigFunctionsOneBucketThirtyPercentBlipIsNot() {
    SyntheticFunction f = SyntheticFunction.warmedUp(1000, 4);
    f.rateFactor = 1.3;
    List<Signal> blip = f.run(1);
    f.rateFactor = 1;
    blip.addAll(f.run(10));
    assertThat(SyntheticFunction.count(blip, FindingType.INVOCATION_SPIKE)).isZero();
  }

  @Test
  void evidenceAccumulatesAcrossBucketsAtLowCounts() {
    // 0.8/min at the time, x6: no single bucket is convincing, a few in a row are.
    SyntheticFunction f = SyntheticFunction.warmedUp(0.8, 5);
    f.rateFactor = 6;
    int t = f.bucketsUntil(FindingType.INVOCATION_SPIKE, 40);
    assertThat(t).isGreaterThan(1).isLessThanOrEqualTo(20);
  }

  @Test
  void exponentialGrowthIsARecursiveLoopNotASpike() {
    SyntheticFunction f = SyntheticFunction.warmedUp(6, 6);
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
    SyntheticFunction f = SyntheticFunction.warmedUp(30, 7);
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
      s.recentCounts[(int) (s.buckets % s.recentCounts.length)] = (int) c;
      s.buckets++;
    }
    double[] g = VolumeFamily.growth(112, s, 0, 8);
    assertThat(g[0]).isBetween(0.3, 0.38); // ln(1.4) per bucket
    assertThat(g[1]).isGreaterThan(4);
    s.volumeOnset = 0; // onset at the first count: 7 buckets since
    var b = new io.vigil.models.finding.MetricBucket();
    b.invocations = 112;
    assertThat(VolumeFamily.growingSinceOnset(b, s, 0.1)).isTrue();
    assertThat(VolumeFamily.growingSinceOnset(b, s, 0.5)).isFalse();
  }

  @Test
  void minutesWithoutABucketAreLearntAsTheZerosTheyWere() {
    // The profile emits nothing for an empty minute: 0.8/min must not be learnt as E[x | x > 0].
    SyntheticFunction f = new SyntheticFunction(0.8, 8);
    f.peakTrough = 1;
    f.emitEmptyBuckets = false;
    f.run(SyntheticFunction.WARM_UP);
    double expected = f.state.invocationRate.expected(f.minute * SyntheticFunction.MINUTE, 45);
    assertThat(expected).isBetween(0.55, 1.05); // E[x | x > 0] would be ~1.4
  }

  @Test
  void aQuietFunctionsSpikeIsFoundWhenItsEmptyMinutesAreNotEmitted() {
    int found = 0;
    for (long seed = 20; seed < 30; seed++) {
      SyntheticFunction f = new SyntheticFunction(0.6, seed);
      f.peakTrough = 1;
      f.emitEmptyBuckets = false;
      f.run(SyntheticFunction.WARM_UP);
      f.rateFactor = 5; // ~3 a minute for 20 minutes where ~0.6 were expected
      if (f.bucketsUntil(FindingType.INVOCATION_SPIKE, 20) > 0) found++;
    }
    assertThat(found).isGreaterThanOrEqualTo(9);
  }

  @Test
  void aLoopThatReachesItsCapWithinAFewDoublingsIsStillALoop() {
    int loops = 0;
    for (long seed = 40; seed < 50; seed++) {
      SyntheticFunction f = new SyntheticFunction(5, seed);
      f.peakTrough = 1;
      f.emitEmptyBuckets = false;
      f.run(SyntheticFunction.WARM_UP);
      boolean loop = false;
      for (int i = 0; i < 30 && !loop; i++) {
        f.rateFactor = Math.min(16, Math.pow(2, 1 + i / 3)); // x2 .. x16 in 9 minutes, then flat
        loop = f.step(b -> {}).stream().anyMatch(s -> s.type() == FindingType.RECURSIVE_LOOP);
      }
      if (loop) loops++;
    }
    assertThat(loops).isGreaterThanOrEqualTo(7);
  }

  @Test
  void stepSpikesOnQuietAndBusyFunctionsAreNotLoops() {
    long loops = 0, spikes = 0;
    for (long seed = 60; seed < 80; seed++) {
      SyntheticFunction f = new SyntheticFunction(seed % 2 == 0 ? 2 : 400, seed);
      f.emitEmptyBuckets = false;
      f.run(SyntheticFunction.WARM_UP);
      f.rateFactor = 6;
      List<Signal> out = f.run(30);
      spikes += SyntheticFunction.count(out, FindingType.INVOCATION_SPIKE) > 0 ? 1 : 0;
      loops += SyntheticFunction.count(out, FindingType.RECURSIVE_LOOP) > 0 ? 1 : 0;
    }
    assertThat(spikes).isEqualTo(20);
    assertThat(loops).isZero();
  }

  /**
   * Runs a x3 step on a 1.5-a-minute function; {@code self} sets each bucket's self-invocations.
   */
  private static List<Signal> stepOnQuietFunction(long seed, double normalSelfShare, boolean loop) {
    SyntheticFunction f = new SyntheticFunction(1.5, seed);
    f.peakTrough = 1;
    f.emitEmptyBuckets = false;
    java.util.Random r = new java.util.Random(seed);
    java.util.function.Consumer<io.vigil.models.finding.MetricBucket> normal =
        b -> {
          for (int k = 0; k < b.invocations; k++) {
            if (r.nextDouble() < normalSelfShare) b.selfInvocations++;
          }
        };
    f.run(SyntheticFunction.WARM_UP, normal);
    f.rateFactor = 3; // a loop capped at 3x: a step in the counts after two minutes
    return f.run(
        25,
        loop ? b -> b.selfInvocations = b.invocations : normal); // every looping call calls itself
  }

  @Test
  void aLoopCappedAtThreeTimesIsALoopByItsSelfInvocations() {
    int loops = 0, spikes = 0;
    for (long seed = 90; seed < 100; seed++) {
      List<Signal> out = stepOnQuietFunction(seed, 0, true);
      loops += SyntheticFunction.count(out, FindingType.RECURSIVE_LOOP) > 0 ? 1 : 0;
      spikes += SyntheticFunction.count(out, FindingType.INVOCATION_SPIKE) > 0 ? 1 : 0;
    }
    assertThat(loops).isGreaterThanOrEqualTo(9);
    assertThat(spikes).isZero(); // typed at its first anomalous bucket
  }

  @Test
  void aStepOfAFunctionThatAlwaysCallsItselfIsStillASpike() {
    // A function that fans out to itself for 40% of its calls (pagination, say): a x3 step keeps
    // that share, so it is a spike; only a share the excess explains is a loop's signature.
    int loops = 0, spikes = 0;
    for (long seed = 110; seed < 120; seed++) {
      List<Signal> out = stepOnQuietFunction(seed, 0.4, false);
      loops += SyntheticFunction.count(out, FindingType.RECURSIVE_LOOP) > 0 ? 1 : 0;
      spikes += SyntheticFunction.count(out, FindingType.INVOCATION_SPIKE) > 0 ? 1 : 0;
    }
    assertThat(spikes).isGreaterThanOrEqualTo(9);
    assertThat(loops).isZero();
  }

  @Test
  void withoutSelfInvocationsAThreeTimesCapIsASpike() {
    int loops = 0;
    for (long seed = 90; seed < 100; seed++) {
      loops +=
          SyntheticFunction.count(stepOnQuietFunction(seed, 0, false), FindingType.RECURSIVE_LOOP)
                  > 0
              ? 1
              : 0;
    }
    assertThat(loops).isLessThanOrEqualTo(1);
  }
}
