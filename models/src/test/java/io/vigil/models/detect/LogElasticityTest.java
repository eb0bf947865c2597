package io.vigil.models.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogElasticityTest {
  /** Learns y = ln(total / w) for total ~ w^beta with log-normal noise, w in 1..maxW. */
  private static LogElasticity learn(double beta, int maxW, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    LogElasticity e = new LogElasticity();
    for (int i = 0; i < 2000; i++) {
      int w = 1 + r.nextInt(maxW);
      double total = 5000 * Math.pow(w, beta) * Math.exp(0.3 * r.nextGaussian());
      e.update(Math.log(total / w), Math.log(w), 0.995);
    }
    return e;
  }

  @Test
  void aPerBucketFloorGivesASteepNegativeSlope() {
    // total ~ w^0.3: y = ln total - ln w falls by 0.7 per unit of ln w (shrunk a little by the
    // prior)
    assertThat(learn(0.3, 8, 1).slope()).isCloseTo(-0.7, within(0.1));
    assertThat(learn(0, 8, 2).slope()).isCloseTo(-1, within(0.12));
  }

  @Test
  void aProportionalQuantityKeepsThePerSampleModel() {
    assertThat(learn(1, 8, 3).slope()).isCloseTo(0, within(0.05));
  }

  @Test
  void aSlopeBeyondTheRangeIsClipped() {
    assertThat(learn(1.8, 8, 4).slope()).isZero(); // super-linear: read as per-sample
    assertThat(learn(-1, 8, 5).slope()).isEqualTo(-1); // fewer bytes with more samples
  }

  @Test
  void aFunctionWhoseSamplesBarelyVaryKeepsThePerSampleModel() {
    // w 100 or 101: ln w hardly varies, the prior dominates whatever the noise says
    SplittableRandom r = new SplittableRandom(6);
    LogElasticity e = new LogElasticity();
    for (int i = 0; i < 2000; i++) {
      int w = 100 + r.nextInt(2);
      e.update(Math.log(50 * Math.exp(0.3 * r.nextGaussian())), Math.log(w), 0.995);
    }
    assertThat(e.slope()).isCloseTo(0, within(0.01));
  }

  @Test
  void noSlopeBeforeTenBucketsAndAdjustMovesToTheUsualSamples() {
    LogElasticity e = new LogElasticity();
    for (int w = 1; w <= 9; w++) e.update(Math.log(8000.0 / w), Math.log(w), 1);
    assertThat(e.slope()).isZero();
    assertThat(e.adjust(3, 0.5)).isEqualTo(3);
    for (int i = 0; i < 200; i++) {
      int w = 1 + i % 8;
      e.update(Math.log(8000.0 / w), Math.log(w), 1); // exactly a floor: slope -1
    }
    // -1 shrunk by the prior: var(ln w) / (var(ln w) + 0.05), ln w of 1..8 varying by ~0.42
    assertThat(e.slope()).isBetween(-0.92, -0.86);
    // At the usual ln w nothing moves; 8000 bytes in one invocation is the usual 8000 per bucket,
    // i.e. 8000 / e^meanU per invocation at the usual w (less the prior's shrinkage).
    assertThat(e.adjust(5, e.meanU)).isEqualTo(5);
    assertThat(e.adjust(Math.log(8000), 0))
        .isBetween(Math.log(8000) - e.meanU, Math.log(8000) - 0.85 * e.meanU);
  }

  @Test
  void infiniteOrMissingValuesAreIgnored() {
    LogElasticity e = new LogElasticity();
    e.update(Double.NaN, 1, 1);
    e.update(1, Double.NEGATIVE_INFINITY, 1);
    assertThat(e.weight).isZero();
  }
}
