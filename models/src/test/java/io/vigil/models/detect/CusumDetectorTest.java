package io.vigil.models.detect;

import static io.vigil.models.detect.Synthetic.ANOMALY_AT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CusumDetectorTest {

  private static final double THRESHOLD = 0.5; // score 0.5 == sum reached h

  /** The CUSUM has no seasonality, so feed it deseasonalised series (amplitude 0). */
  private static double[] flat(long seed) {
    return Synthetic.base(seed, 0);
  }

  private static double[] run(double[] v) {
    return Synthetic.run(CusumDetector::new, v);
  }

  @Test
  void firesOnLevelShift() {
    double[] v = flat(1);
    for (int i = ANOMALY_AT; i < v.length; i++) {
      v[i] += 2;
    }
    double[] s = run(v);
    assertThat(Synthetic.max(s, ANOMALY_AT, ANOMALY_AT + 20)).isGreaterThan(THRESHOLD);
  }

  @Test
  void firesOnSpike() {
    double[] v = flat(2);
    v[ANOMALY_AT] += 15;
    v[ANOMALY_AT + 1] += 15;
    double[] s = run(v);
    assertThat(Synthetic.max(s, ANOMALY_AT, ANOMALY_AT + 3)).isGreaterThan(THRESHOLD);
  }

  @Test
  void firesOnSlowDrift() {
    double[] v = flat(3);
    for (int i = ANOMALY_AT; i < v.length; i++) {
      v[i] += 0.01 * (i - ANOMALY_AT);
    }
    double[] s = run(v);
    assertThat(Synthetic.max(s, ANOMALY_AT, ANOMALY_AT + 300)).isGreaterThan(THRESHOLD);
  }

  @Test
  void quietOnNoiseAndResetsAfterAlarm() {
    for (long seed = 10; seed < 15; seed++) {
      double[] s = run(flat(seed));
      assertThat(Synthetic.fractionAbove(s, 500, THRESHOLD)).isLessThan(0.002);
    }
    double[] v = flat(4);
    for (int i = ANOMALY_AT; i < v.length; i++) {
      v[i] += 5;
    }
    double[] s = run(v);
    // after the alarm the baseline re-anchors: the new level stops alarming
    assertThat(Synthetic.fractionAbove(s, ANOMALY_AT + 200, THRESHOLD)).isLessThan(0.01);
  }
}
