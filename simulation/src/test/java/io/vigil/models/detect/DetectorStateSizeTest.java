package io.vigil.models.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.eval.nab.NabEvaluator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The lightweight detectors must fit in keyed state: serialised size <= 2 KB. */
class DetectorStateSizeTest {

  private static int serializedSize(Supplier<SeriesDetector> f) throws IOException {
    SeriesDetector d = f.get();
    double[] v = Synthetic.spike(1);
    for (int i = 0; i < v.length; i++) {
      d.update(Synthetic.ts(i), v[i]);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(d);
    }
    return bytes.size();
  }

  @Test
  void lightweightDetectorsStaySmall() throws IOException {
    assertThat(serializedSize(SeasonalBaselineDetector::new)).isLessThanOrEqualTo(2048);
    assertThat(serializedSize(CusumDetector::new)).isLessThanOrEqualTo(2048);
    assertThat(serializedSize(NabEvaluator::tunedSeasonal)).isLessThanOrEqualTo(2048);
    assertThat(
            serializedSize(
                () -> EnsembleDetector.max(new SeasonalBaselineDetector(), new CusumDetector())))
        .isLessThanOrEqualTo(2048);
  }
}
