package io.vigil.models.detect.family;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Incident-free functions from 0.5 to 2,000 invocations a minute, over two simulated days each: no
 * anomaly from any family (recommendations are not anomalies and are not configured here).
 */
class FamiliesQuietTest {
  @Test
  void noAnomalyOnTwoDaysOfDiurnalTrafficAtAnyRate() {
    List<Signal> anomalies = new ArrayList<>();
    int functions = 0;
    for (double peak : new double[] {0.5, 1.5, 4, 15, 60, 300, 2000}) {
      for (long seed = 1; seed <= 3; seed++) {
        SyntheticFunction f = new SyntheticFunction(peak, seed * 31 + (long) peak);
        f.peakTrough = 2 + seed * 1.3;
        for (Signal s : f.run(2 * 1440)) {
          if (s.type() != FindingType.MEMORY_OVERPROVISIONED) anomalies.add(s);
        }
        functions++;
      }
    }
    assertThat(functions).isEqualTo(21);
    assertThat(anomalies).isEmpty();
  }
}
