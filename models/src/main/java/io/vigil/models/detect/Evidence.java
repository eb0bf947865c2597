package io.vigil.models.detect;

/**
 * Log-likelihood ratios for the one-sided CUSUMs of the detector families. A CUSUM {@code S =
 * max(0, S + llr)} that alarms at {@code h} has an in-control average run length of at least {@code
 * e^h} buckets (Lorden), so its per-bucket false-alarm probability is at most {@code e^-h} when the
 * null model holds; each family's null model is the function's own expectation and noise.
 */
public final class Evidence {
  private Evidence() {}

  /** Poisson: x counts, expected mu0 under normal behaviour, mu1 under the design alternative. */
  public static double poisson(double x, double mu0, double mu1) {
    return x * Math.log(mu1 / mu0) - (mu1 - mu0);
  }

  /**
   * Quasi-Poisson (negative-binomial variance mu + phi mu^2): the Poisson ratio scaled down by the
   * dispersion, so a big function's ordinary wobble is not read as evidence.
   */
  public static double overdispersed(double x, double mu0, double mu1, double phi) {
    return poisson(x, mu0, mu1) / (1 + phi * mu0);
  }

  /** Binomial: k of n trials failed, failure probability p0 normally, p1 under the alternative. */
  public static double binomial(long k, long n, double p0, double p1) {
    return k * Math.log(p1 / p0) + (n - k) * Math.log((1 - p1) / (1 - p0));
  }

  /** Gaussian mean shift: observed residual r with variance var, design shift delta (> 0). */
  public static double shift(double r, double var, double delta) {
    return delta / var * (r - delta / 2);
  }

  /** One CUSUM step, kept within [0, cap] so it recovers soon after the anomaly ends. */
  public static double cusum(double s, double llr, double cap) {
    double v = s + llr;
    if (Double.isNaN(v)) return s;
    return Math.max(0, Math.min(cap, v));
  }

  /**
   * The CUSUM after a bucket: an alarm ends (evidence restarts from 0) at the first bucket that no
   * longer supports the alternative, so an incident's tail does not re-alarm on ordinary noise.
   */
  public static double cusumAfter(double s, double llr, double cap, double h) {
    if (s > h && llr <= 0) return 0;
    return cusum(s, llr, cap);
  }

  /** Score in (0, 1) from accumulated evidence: 0.5 at the threshold, towards 1 above it. */
  public static double score(double s, double h) {
    return Math.max(0, Math.min(1, 1 - Math.pow(2, -Math.max(s, 0) / h)));
  }

  /**
   * One step of a count's negative-binomial over-dispersion phi (variance mu + phi mu^2), from the
   * residual of a bucket expected to hold mu: ((x - mu)^2 - mu) / mu^2 (unbiased: its mean is phi),
   * smoothed over ~30 buckets, the smoothed value kept at or above {@code floor}. A single residual
   * is capped at 0.5 (a spike's bucket) but not at 0 from below: a Poisson count's residual is
   * negative more often than not, and clipping each one at 0 biased phi up by ~0.1-0.2 at mu = 2-5
   * (a quiet function's spike and a loop's growth read as ordinary wobble). Only counts expected at
   * 2 or more say anything about it.
   */
  public static float dispersion(float phi, long x, double mu, float floor) {
    if (mu < 2) return phi;
    double est = ((x - mu) * (x - mu) - mu) / (mu * mu);
    est = Math.min(0.5, est);
    return (float) Math.max(floor, phi + DISPERSION_WEIGHT * (est - phi));
  }

  /** Smoothing weight of {@link #dispersion}: it averages ~(2 - w) / w = 66 residuals. */
  static final double DISPERSION_WEIGHT = 0.03;

  /**
   * phi for a test at expectation mu: the smoothed estimate plus one standard error of it. Each
   * residual ((x - mu)^2 - mu) / mu^2 has variance (2 mu^2 + mu) / mu^4 under Poisson counts and
   * the estimate averages ~66 of them (fewer in its first buckets), so the variance factor 1 + phi
   * mu of a test is known only to ~17%, whatever the traffic: a low estimate (phi drifts to its
   * floor after a calm stretch) must not be read as certainty that the counts are Poisson. Below mu
   * = 2 nothing is learnt, and the bound is the one at 2.
   *
   * @param learnt buckets the estimate has seen
   */
  public static double dispersionBound(double phi, double mu, long learnt) {
    double m = Math.max(mu, 2);
    double n = Math.max(1, Math.min(learnt, (2 - DISPERSION_WEIGHT) / DISPERSION_WEIGHT));
    return phi + Math.sqrt((2 / (m * m) + 1 / (m * m * m)) / n);
  }
}
