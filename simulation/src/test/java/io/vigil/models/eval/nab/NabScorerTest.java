package io.vigil.models.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.models.eval.nab.NabCorpus.Series;
import io.vigil.models.eval.nab.NabCorpus.Window;
import io.vigil.models.eval.nab.NabScorer.Profile;
import java.util.List;
import org.junit.jupiter.api.Test;

class NabScorerTest {

  /** 20 rows (probation = floor(0.15 * 20) = 3), one window over rows 10..14 (width 5). */
  private static Series tiny() {
    long[] ts = new long[20];
    double[] vs = new double[20];
    for (int i = 0; i < 20; i++) {
      ts[i] = i * 60_000L;
    }
    return new Series("tiny/a.csv", ts, vs, List.of(new Window(10, 14)));
  }

  private static boolean[] detectAt(int... rows) {
    boolean[] d = new boolean[20];
    for (int r : rows) {
      d[r] = true;
    }
    return d;
  }

  @Test
  void probationLengthIsFifteenPercentCappedAt750() {
    assertThat(NabScorer.probationLength(20)).isEqualTo(3);
    assertThat(NabScorer.probationLength(1624)).isEqualTo(243);
    assertThat(NabScorer.probationLength(4032)).isEqualTo(604);
    assertThat(NabScorer.probationLength(15902)).isEqualTo(750);
  }

  @Test
  void scaledSigmoidMatchesNab() {
    assertThat(NabScorer.scaledSigmoid(-1.0)).isCloseTo(0.98661, within(1e-5));
    assertThat(NabScorer.scaledSigmoid(-0.5)).isCloseTo(0.84828, within(1e-5));
    assertThat(NabScorer.scaledSigmoid(0.0)).isCloseTo(0.0, within(1e-12));
    assertThat(NabScorer.scaledSigmoid(1.0)).isCloseTo(-0.98661, within(1e-5));
    assertThat(NabScorer.scaledSigmoid(3.0)).isEqualTo(-1.0);
  }

  @Test
  void truePositiveAtLeftEdgeScoresTpWeight() {
    for (Profile p : Profile.values()) {
      NabScorer.FileScore s = NabScorer.score(tiny(), detectAt(10), p);
      assertThat(s.score()).isCloseTo(1.0, within(1e-12));
      assertThat(s.truePositives()).isEqualTo(1);
      assertThat(s.falseNegatives()).isZero();
    }
  }

  @Test
  void onlyTheEarliestDetectionInAWindowCounts() {
    // row 14 alone: y = -(14 - 14 + 1) / 5 = -0.2 -> (2 sigmoid(1) - 1) / (2 sigmoid(5) - 1)
    double right = NabScorer.score(tiny(), detectAt(14), Profile.STANDARD).score();
    assertThat(right).isCloseTo(0.4683868439, within(1e-9));
    // rows 12 (y = -0.6) and 14: only 12 counts
    double both = NabScorer.score(tiny(), detectAt(12, 14), Profile.STANDARD).score();
    assertThat(both).isCloseTo(0.9174286804, within(1e-9));
  }

  @Test
  void falsePositiveBeforeAnyWindowCostsFullFpWeightPlusTheMiss() {
    NabScorer.FileScore s = NabScorer.score(tiny(), detectAt(5), Profile.STANDARD);
    assertThat(s.score()).isCloseTo(-0.11 - 1.0, within(1e-12));
    assertThat(s.falsePositives()).isEqualTo(1);
    assertThat(NabScorer.score(tiny(), detectAt(5), Profile.REWARD_LOW_FP_RATE).score())
        .isCloseTo(-0.22 - 1.0, within(1e-12));
    assertThat(NabScorer.score(tiny(), detectAt(5), Profile.REWARD_LOW_FN_RATE).score())
        .isCloseTo(-0.11 - 2.0, within(1e-12));
  }

  @Test
  void missCostsFnWeight() {
    assertThat(NabScorer.score(tiny(), new boolean[20], Profile.STANDARD).score()).isEqualTo(-1.0);
    assertThat(NabScorer.score(tiny(), new boolean[20], Profile.REWARD_LOW_FN_RATE).score())
        .isEqualTo(-2.0);
  }

  @Test
  void falsePositiveAfterWindowIsWeightedByDistance() {
    // row 16: y = |14 - 16| / (5 - 1) = 0.5 -> 0.11 * (2 sigmoid(-2.5) - 1) = -0.0933112004
    double s = NabScorer.score(tiny(), detectAt(10, 16), Profile.STANDARD).score();
    assertThat(s).isCloseTo(1.0 - 0.0933112004, within(1e-9));
  }

  @Test
  void probationaryDetectionsAreIgnored() {
    assertThat(NabScorer.score(tiny(), detectAt(0, 1, 2), Profile.STANDARD).score())
        .isEqualTo(-1.0);
    // row 3 is the first scored row
    assertThat(NabScorer.score(tiny(), detectAt(3), Profile.STANDARD).score())
        .isCloseTo(-1.11, within(1e-12));
  }

  @Test
  void thresholdSweepPicksTheBestCutAndNormalises() {
    Series s = tiny();
    double[] scores = new double[20];
    scores[1] = 0.99; // probationary: ignored
    scores[5] = 0.5; // FP before the window
    scores[11] = 0.8; // TP early in the window
    List<Series> one = List.of(s);
    NabScorer.ThresholdScore t =
        NabScorer.optimizeThreshold(one, List.of(scores), Profile.STANDARD);
    assertThat(t.threshold()).isEqualTo(0.8);
    assertThat(t.truePositives()).isEqualTo(1);
    assertThat(t.falsePositives()).isZero();
    // y = -(14 - 11 + 1) / 5 = -0.8
    double expected = NabScorer.scaledSigmoid(-0.8) / NabScorer.scaledSigmoid(-1.0);
    assertThat(t.score()).isCloseTo(expected, within(1e-12));
    double nul = NabScorer.nullScore(one, Profile.STANDARD);
    double perfect = NabScorer.perfectScore(one, Profile.STANDARD);
    assertThat(nul).isEqualTo(-1.0);
    assertThat(perfect).isEqualTo(1.0);
    assertThat(NabScorer.normalize(t.score(), nul, perfect))
        .isCloseTo(100 * (expected + 1) / 2, within(1e-9));
    // threshold equal to a score includes it
    assertThat(NabScorer.score(s, scores, 0.5, Profile.STANDARD).falsePositives()).isEqualTo(1);
  }

  @Test
  void nothingDetectedWhenEveryCutLoses() {
    Series noWindows = new Series("tiny/b.csv", tiny().timestamps(), new double[20], List.of());
    double[] scores = new double[20];
    scores[5] = 0.9;
    NabScorer.ThresholdScore t =
        NabScorer.optimizeThreshold(List.of(noWindows), List.of(scores), Profile.STANDARD);
    assertThat(t.threshold()).isEqualTo(1.1);
    assertThat(t.score()).isEqualTo(0.0);
    assertThat(t.falsePositives()).isZero();
  }
}
