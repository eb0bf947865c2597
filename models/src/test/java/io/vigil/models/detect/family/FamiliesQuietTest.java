package io.vigil.models.detect.family;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.detect.IncidentTracker;
import io.vigil.models.detect.Signal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Incident-free functions from 0.5 to 2,000 invocations a minute, over two simulated days each: at
 * most the false-alarm budget (recommendations are not anomalies and are not configured here). As
 * in the job, a minute without invocations emits no bucket for half of them.
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
        f.emitEmptyBuckets = seed % 2 == 0;
        for (Signal s : f.run(2 * 1440)) {
          if (!IncidentTracker.recommendation(s.type())) anomalies.add(s);
        }
        functions++;
      }
    }
    assertThat(functions).isEqualTo(21);
    // The budget: nine tests at e^-14 per function-bucket each are <= 0.45 false alarms per 1,000
    // function-hours; these 1,008 function-hours may hold one (one did after the zero-filling of
    // empty minutes changed the random paths), not more.
    assertThat(anomalies).hasSizeLessThanOrEqualTo(1);
  }
}
