package io.vigil.models.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.datadoghq.sketch.ddsketch.DDSketch;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SketchQuantilesTest {
  private static final double[] QUANTILES = {0, 0.01, 0.5, 0.5, 0.95, 0.99, 0.999, 1};

  @Test
  void oneWalkGivesExactlyTheLibrarysQuantiles() {
    Random random = new Random(7);
    for (int trial = 0; trial < 2_000; trial++) {
      DDSketch sketch = BucketAccumulator.newSketch();
      int n = 1 + random.nextInt(trial % 10 == 0 ? 5 : 3_000);
      for (int i = 0; i < n; i++) {
        double v =
            switch (random.nextInt(4)) {
              case 0 -> 0; // the zero bin
              case 1 -> random.nextDouble() * 5;
              case 2 -> Math.exp(random.nextGaussian() * 3 + 4);
              default -> 900_000 * random.nextDouble();
            };
        sketch.accept(v, 1 + random.nextInt(3));
      }
      assertLibrary(sketch);
    }
  }

  @Test
  void negativeValuesTakeTheLibrarysPath() {
    DDSketch sketch = BucketAccumulator.newSketch();
    for (int i = -50; i < 100; i++) sketch.accept(i * 1.5);
    assertLibrary(sketch);
  }

  private static void assertLibrary(DDSketch sketch) {
    double[] got = SketchQuantiles.of(sketch, QUANTILES);
    for (int k = 0; k < QUANTILES.length; k++) {
      assertThat(got[k]).isEqualTo(sketch.getValueAtQuantile(QUANTILES[k]));
    }
  }
}
