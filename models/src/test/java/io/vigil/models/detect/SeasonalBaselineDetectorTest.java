package io.vigil.models.detect;

import static io.vigil.models.detect.Synthetic.ANOMALY_AT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeasonalBaselineDetectorTest {

  private static final double THRESHOLD = 0.6;

  private static double[] run(double[] v) {
    return Synthetic.run(SeasonalBaselineDetector::new, v);
  }

  @Test
  void warmUpEmitsZero() {
    double[] s = run(Synthetic.spike(1));
    assertThat(Synthetic.max(s, 0, SeasonalBaselineDetector.Config.defaults().warmup())).isZero();
  }

  @Test
  void firesOnSpike() {
    double[] s = run(Synthetic.spike(1));
    assertThat(s[ANOMALY_AT]).isGreaterThan(0.75);
    AnomalyScore a = new SeasonalBaselineDetector().update(0, 1);
    assertThat(a.explanation()).isNotEmpty();
  }

  @Test
  void firesOnLevelShift() {
    double[] s = run(Synthetic.levelShift(2));
    assertThat(Synthetic.max(s, ANOMALY_AT, ANOMALY_AT + 50)).isGreaterThan(THRESHOLD);
  }

  @Test
  void firesOnSlowDrift() {
    double[] s = run(Synthetic.drift(3));
    assertThat(Synthetic.max(s, ANOMALY_AT, ANOMALY_AT + 500)).isGreaterThan(THRESHOLD);
    assertThat(Synthetic.max(s, 1000, ANOMALY_AT)).isLessThan(THRESHOLD);
  }

  @Test
  void quietOnNoise() {
    for (long seed = 10; seed < 15; seed++) {
      double[] s = run(Synthetic.noise(seed));
      assertThat(Synthetic.fractionAbove(s, 1000, THRESHOLD)).isLessThan(0.002);
    }
  }

  @Test
  void hourOfWeekSlotsWork() {
    var cfg = SeasonalBaselineDetector.Config.defaults().withDayOfWeek(true).withMinSlotSamples(3);
    double[] s = Synthetic.run(() -> new SeasonalBaselineDetector(cfg), Synthetic.spike(4));
    assertThat(s[ANOMALY_AT]).isGreaterThan(0.75);
    assertThat(new SeasonalBaselineDetector(cfg).name()).isEqualTo("seasonal-how");
  }
}
