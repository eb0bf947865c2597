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

  /**
   * Share of buckets at which the variance factor a test uses (1 + phi mu, phi the estimate or its
   * bound) covers the true one, over {@code n} buckets of counts around mu.
   */
  private static double coverage(double mu, double logSd, boolean bound, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double truth = 1 + (Math.exp(logSd * logSd) - 1) * mu;
    float phi = 0.02f;
    int covered = 0, n = 20_000;
    for (int i = 0; i < n; i++) {
      double m = mu * Math.exp(logSd * r.nextGaussian() - logSd * logSd / 2);
      phi = Evidence.dispersion(phi, poisson(r, m), mu, 0.002f);
      double used = bound ? Evidence.dispersionBound(phi, mu, i + 1) : phi;
      if (1 + used * mu >= truth) covered++;
    }
    return covered / (double) n;
  }

  @Test
  void theDispersionBoundCoversTheTrueSpreadWhereTheEstimateAloneDoesNot() {
    // The 5-a-minute false alarm: ~Poisson counts with 10% log-normal mixing (phi 0.01), the
    // smoothed estimate at its floor half of the time. One standard error above it covers the
    // true variance factor ~85% of the time (one-sided), the estimate alone about half.
    for (double mu : new double[] {2.5, 5, 20}) {
      assertThat(coverage(mu, 0.1, false, 11)).as("estimate, mu %s", mu).isLessThan(0.7);
      assertThat(coverage(mu, 0.1, true, 11)).as("bound, mu %s", mu).isGreaterThan(0.8);
    }
  }

  @Test
  void theDispersionBoundShrinksWithTheBucketsLearntAndStaysNearSeventeenPercent() {
    assertThat(Evidence.dispersionBound(0.01, 5, 5))
        .isGreaterThan(Evidence.dispersionBound(0.01, 5, 30));
    assertThat(Evidence.dispersionBound(0.01, 5, 1000))
        .isEqualTo(Evidence.dispersionBound(0.01, 5, 66));
    // The variance factor's uncertainty mu x se is ~0.17-0.2 at any traffic from 2 a minute up.
    for (double mu : new double[] {2, 5, 50, 1000}) {
      double se = Evidence.dispersionBound(0, mu, 1000);
      assertThat(se * mu).as("mu %s", mu).isBetween(0.17, 0.22);
    }
    // Below 2 a minute nothing is learnt; the bound is the one at 2.
    assertThat(Evidence.dispersionBound(0, 0.5, 1000))
        .isEqualTo(Evidence.dispersionBound(0, 2, 1000));
  }
}
