package io.vigil.models.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EvidenceTest {
  private static int poisson(SplittableRandom r, double lambda) {
    double l = Math.exp(-lambda), p = 1;
    int k = 0;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > l);
    return k - 1;
  }

  /** Mean of the smoothed phi over the last half of {@code n} buckets of counts around mu. */
  private static double learntPhi(double mu, double logSd, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float phi = 0.02f;
    double sum = 0;
    int n = 6000;
    for (int i = 0; i < n; i++) {
      double m = mu * Math.exp(logSd * r.nextGaussian() - logSd * logSd / 2);
      phi = Evidence.dispersion(phi, poisson(r, m), mu, 0.002f);
      if (i >= n / 2) sum += phi;
    }
    return sum / (n - n / 2);
  }

  @Test
  void poissonCountsOfAQuietFunctionLearnNearlyNoOverDispersion() {
    // Clipping each residual at 0 read ~0.2 here: a quiet function's spikes drowned in it.
    assertThat(learntPhi(2.5, 0, 1)).isLessThan(0.05);
    assertThat(learntPhi(5, 0, 2)).isLessThan(0.04);
  }

  @Test
  void overDispersedCountsLearnTheirDispersion() {
    // log-normal mixing with sd 0.45: phi = e^(0.45^2) - 1 = 0.22; each residual is capped at 0.5
    // (a spike's bucket must not inflate it), which reads a heavy tail somewhat low.
    double phi = learntPhi(20, 0.45, 3);
    assertThat(phi).isBetween(0.1, 0.3);
  }
}
