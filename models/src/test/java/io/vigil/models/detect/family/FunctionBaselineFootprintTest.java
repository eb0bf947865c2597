package io.vigil.models.detect.family;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.detect.FunctionBaseline;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * The heap a function's detection baseline takes once trained ({@link
 * FunctionBaseline#HEAP_BYTES_ESTIMATE}, which sizes the detection cache's automatic bound):
 * measured with JOL after a day and a half of a quiet, a busy and a very busy function (1,856 bytes
 * each: its structures do not grow with traffic).
 */
class FunctionBaselineFootprintTest {
  static {
    // JOL reads field offsets this way on Java 17 for every class (records included).
    System.setProperty("jol.magicFieldOffset", "true");
  }

  @Test
  void aTrainedBaselineFitsTheHeapEstimate() {
    for (double peakPerMinute : new double[] {0.5, 30, 600}) {
      SyntheticFunction f = SyntheticFunction.warmedUp(peakPerMinute, 11);
      f.run(24 * 60);
      long bytes = GraphLayout.parseInstance(f.state).totalSize();
      System.out.printf(
          "trained baseline at %.1f a minute: %d B on the heap%n", peakPerMinute, bytes);
      assertThat(bytes)
          .isLessThanOrEqualTo(FunctionBaseline.HEAP_BYTES_ESTIMATE)
          .isGreaterThan(FunctionBaseline.HEAP_BYTES_ESTIMATE / 2);
    }
  }
}
