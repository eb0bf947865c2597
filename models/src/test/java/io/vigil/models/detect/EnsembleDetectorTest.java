package io.vigil.models.detect;

import static io.vigil.models.detect.Synthetic.ANOMALY_AT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class EnsembleDetectorTest {

  private static final Supplier<SeriesDetector> MAX =
      () -> EnsembleDetector.max(new SeasonalBaselineDetector(), new CusumDetector());

  @Test
  void firesOnSpikeShiftAndDrift() {
    assertThat(Synthetic.run(MAX, Synthetic.spike(1))[ANOMALY_AT]).isGreaterThan(0.6);
    assertThat(Synthetic.max(Synthetic.run(MAX, Synthetic.levelShift(2)), ANOMALY_AT, 3050))
        .isGreaterThan(0.6);
    assertThat(Synthetic.max(Synthetic.run(MAX, Synthetic.drift(3)), ANOMALY_AT, 3500))
        .isGreaterThan(0.6);
  }

  @Test
  void quietOnNoise() {
    double[] s = Synthetic.run(MAX, Synthetic.noise(10));
    assertThat(Synthetic.fractionAbove(s, 1000, 0.6)).isLessThan(0.002);
  }

  @Test
  void weightedMeanAndName() {
    SeriesDetector d =
        new EnsembleDetector(
            EnsembleDetector.Mode.WEIGHTED,
            List.of(new SeasonalBaselineDetector(), new CusumDetector()),
            new double[] {2, 1});
    assertThat(d.name()).isEqualTo("wmean(seasonal-hod,cusum)");
    double[] s = Synthetic.run(() -> d, Synthetic.spike(1));
    assertThat(s[ANOMALY_AT]).isGreaterThan(0.4);
  }

  @Test
  void wrappersFireOnSpikeAndStayQuietOnNoise() {
    Supplier<SeriesDetector> lik = () -> new LikelihoodDetector(new SeasonalBaselineDetector());
    Supplier<SeriesDetector> refractory =
        () -> new RefractoryDetector(new SeasonalBaselineDetector(), 0.6, 100, 0.0);
    // the likelihood averages over 10 points: it reacts to sustained change, not single spikes
    assertThat(Synthetic.max(Synthetic.run(lik, Synthetic.levelShift(1)), ANOMALY_AT, 3020))
        .isGreaterThan(0.6);
    double[] r = Synthetic.run(refractory, Synthetic.levelShift(1));
    int first = -1;
    for (int i = 0; i < r.length && first < 0; i++) {
      first = r[i] >= 0.6 ? i : -1;
    }
    assertThat(first).isBetween(ANOMALY_AT, ANOMALY_AT + 50);
    assertThat(Synthetic.max(r, first + 1, first + 101)).isZero();
    assertThat(Synthetic.fractionAbove(Synthetic.run(lik, Synthetic.noise(10)), 1000, 0.6))
        .isLessThan(0.005);
  }
}
