package io.vigil.models.profile;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.store.Bin;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Several quantiles of a DDSketch in one walk over its bins, each exactly what {@link
 * DDSketch#getValueAtQuantile(double)} returns: the library counts every bin again and walks from
 * the first bin for each quantile (the closing of a bucket asks for three).
 */
final class SketchQuantiles {
  private SketchQuantiles() {}

  /** The values at {@code quantiles}, which must ascend; the sketch must not be empty. */
  static double[] of(DDSketch sketch, double... quantiles) {
    double[] out = new double[quantiles.length];
    if (!sketch.getNegativeValueStore().isEmpty()) { // durations and memory are never negative
      for (int k = 0; k < quantiles.length; k++) out[k] = sketch.getValueAtQuantile(quantiles[k]);
      return out;
    }
    double count = sketch.getCount();
    if (count == 0) throw new NoSuchElementException();
    int k = 0;
    // the zero bin's count (not public); counts are integers, so the difference is exact
    double n = count - sketch.getPositiveValueStore().getTotalCount();
    while (k < quantiles.length && n > rank(quantiles[k], count)) out[k++] = 0;
    var mapping = sketch.getIndexMapping();
    Iterator<Bin> bins = sketch.getPositiveValueStore().getAscendingIterator();
    while (k < quantiles.length && bins.hasNext()) {
      Bin bin = bins.next();
      n += bin.getCount();
      double value = Double.NaN;
      while (k < quantiles.length && n > rank(quantiles[k], count)) {
        if (Double.isNaN(value)) value = mapping.value(bin.getIndex());
        out[k++] = value;
      }
    }
    if (k < quantiles.length) throw new NoSuchElementException();
    return out;
  }

  /** The library's rank of a quantile (it throws outside [0, 1]). */
  private static double rank(double quantile, double count) {
    if (quantile < 0 || quantile > 1) {
      throw new IllegalArgumentException("The quantile must be between 0 and 1.");
    }
    return quantile * (count - 1);
  }
}
