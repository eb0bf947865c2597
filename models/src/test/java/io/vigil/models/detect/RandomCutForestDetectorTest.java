package io.vigil.models.detect;

import static io.vigil.models.detect.Synthetic.ANOMALY_AT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RandomCutForestDetectorTest {

  private static final double THRESHOLD = 0.5; // graded by the thresholder

  private static double[] run(double[] v) {
    return Synthetic.run(RandomCutForestDetector::new, v);
  }

  @Test
  void firesOnSpike() {
    double[] s = run(Synthetic.spike(1));
    assertThat(Synthetic.max(s, ANOMALY_AT, ANOMALY_AT + 8)).isGreaterThan(THRESHOLD);
  }

  @Test
  void firesOnLevelShift() {
    double[] v = Synthetic.base(2, 10);
    for (int i = ANOMALY_AT; i < v.length; i++) {
      v[i] += 15;
    }
    double[] s = run(v);
    assertThat(Synthetic.max(s, ANOMALY_AT, ANOMALY_AT + 20)).isGreaterThan(THRESHOLD);
  }

  @Test
  void firesOnSlowDrift() {
    double[] v = Synthetic.base(3, 10);
    for (int i = ANOMALY_AT; i < v.length; i++) {
      v[i] += 0.2 * (i - ANOMALY_AT);
    }
    double[] s = run(v);
    assertThat(Synthetic.max(s, ANOMALY_AT, ANOMALY_AT + 500)).isGreaterThan(THRESHOLD);
  }

  @Test
  void mostlyQuietOnNoise() {
    double[] s = run(Synthetic.noise(10));
    assertThat(Synthetic.fractionAbove(s, 1000, THRESHOLD)).isLessThan(0.01);
  }
}
