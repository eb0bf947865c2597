package io.vigil.models.detect;

/** Smooth maps from a non-negative statistic to [0, 1). */
final class Squash {
  private Squash() {}

  /**
   * {@code 1 - exp(-max(0, x) / k)}: 0 at 0, 0.63 at k, tends to 1. Saturates to exactly 1.0 in
   * double precision for {@code x > ~37 k}; prefer {@link #rational} when ranking matters.
   */
  static double exp(double x, double k) {
    if (!(x > 0)) {
      return 0.0;
    }
    return -Math.expm1(-x / k);
  }

  /** {@code x / (x + k)} for {@code x > 0}: 0.5 at k, tends to 1 without saturating early. */
  static double rational(double x, double k) {
    if (!(x > 0)) {
      return 0.0;
    }
    return x / (x + k);
  }
}
