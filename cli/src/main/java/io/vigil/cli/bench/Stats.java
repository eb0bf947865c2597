package io.vigil.cli.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Median and range over repeated benchmark runs. */
final class Stats {
  private Stats() {}

  static <T> double median(List<T> runs, ToDoubleFunction<T> figure) {
    double[] v = runs.stream().mapToDouble(figure).sorted().toArray();
    if (v.length == 0) return Double.NaN;
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }

  static <T> double min(List<T> runs, ToDoubleFunction<T> figure) {
    return runs.stream().mapToDouble(figure).min().orElse(Double.NaN);
  }

  static <T> double max(List<T> runs, ToDoubleFunction<T> figure) {
    return runs.stream().mapToDouble(figure).max().orElse(Double.NaN);
  }

  /** The {@code q} quantile (0..1) of sorted values, nearest rank. */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static double[] sorted(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v;
  }
}
