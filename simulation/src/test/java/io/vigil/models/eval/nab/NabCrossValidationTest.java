package io.vigil.models.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.models.detect.AnomalyScore;
import io.vigil.models.detect.SeriesDetector;
import io.vigil.models.eval.nab.NabCorpus.Series;
import io.vigil.models.eval.nab.NabCorpus.Window;
import io.vigil.models.eval.nab.NabScorer.Profile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Fold mechanics on a crafted two-category corpus whose values are the detector's scores: category
 * a wants threshold 0.9 (its window scores 0.9, a stray point 0.6), category b wants 0.6 (its
 * window scores 0.6, a stray point 0.9), so each fold must carry the other category's choice over.
 */
class NabCrossValidationTest {

  /** Echoes the value as the score. */
  private static final class Echo implements SeriesDetector {
    @Override
    public AnomalyScore update(long timestampMs, double value) {
      return new AnomalyScore(value, 0, value, "");
    }

    @Override
    public String name() {
      return "echo";
    }
  }

  private static Series series(String name, int windowHit, double windowScore, int strayHit) {
    int n = 1000;
    long[] ts = new long[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      ts[i] = i * 300_000L;
    }
    v[windowHit] = windowScore;
    v[strayHit] = windowScore == 0.9 ? 0.6 : 0.9;
    return new Series(name, ts, v, List.of(new Window(500, 549)));
  }

  private static NabCrossValidation cv() {
    NabCorpus corpus =
        new NabCorpus(
            List.of(series("a/one.csv", 500, 0.9, 200), series("b/two.csv", 500, 0.6, 300)));
    Map<String, Supplier<SeriesDetector>> candidates = new LinkedHashMap<>();
    candidates.put("silent", Silent::new);
    candidates.put("echo", Echo::new);
    return new NabCrossValidation(corpus, candidates);
  }

  /** Scores zero everywhere. */
  private static final class Silent implements SeriesDetector {
    @Override
    public AnomalyScore update(long timestampMs, double value) {
      return AnomalyScore.warmingUp(value);
    }

    @Override
    public String name() {
      return "silent";
    }
  }

  @Test
  void eachFoldUsesTheThresholdChosenOnTheOtherCategories() {
    NabCrossValidation.Result r = cv().run(Profile.STANDARD);
    assertThat(r.folds()).extracting(NabCrossValidation.Fold::category).containsExactly("a", "b");
    NabCrossValidation.Fold a = r.folds().get(0);
    NabCrossValidation.Fold b = r.folds().get(1);
    assertThat(a.config()).isEqualTo("echo");
    assertThat(a.threshold()).isEqualTo(0.6); // b's best
    assertThat(a.outOfSample()).isCloseTo(1.0 - 0.11, within(1e-9)); // TP at left edge + stray FP
    assertThat(a.inSample()).isCloseTo(1.0, within(1e-9));
    assertThat(a.truePositives()).isEqualTo(1);
    assertThat(a.falsePositives()).isEqualTo(1);
    assertThat(b.threshold()).isEqualTo(0.9); // a's best
    assertThat(b.outOfSample()).isCloseTo(-1.0 - 0.11, within(1e-9)); // missed window + FP
    assertThat(b.inSample()).isCloseTo(1.0 - 0.11, within(1e-9));
    assertThat(b.truePositives()).isZero();
    // pooled over null -2 and perfect +2
    assertThat(r.pooledOutOfSample()).isCloseTo(100 * (-0.22 + 2) / 4, within(1e-9));
    assertThat(r.pooledInSample()).isCloseTo(100 * (1.78 + 2) / 4, within(1e-9));
    assertThat(r.table()).contains("| a | echo | 0.6000 | 94.5 | 100.0 | 1/1 | 1 |");
  }
}
