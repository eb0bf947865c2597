package io.vigil.models.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vigil.models.detect.SeriesDetector;
import io.vigil.models.eval.nab.NabCorpus.Series;
import io.vigil.models.eval.nab.NabScorer.Profile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scorer sanity and detector scores on the real shared NAB corpus. */
class NabCorpusBenchmarkTest {

  private static NabCorpus corpus;

  @BeforeAll
  static void load() {
    Optional<Path> root = NabTestCorpus.locate();
    assumeTrue(root.isPresent(), "NAB corpus not found (set -Dnab.corpus)");
    corpus = NabTestCorpus.load(root.get());
  }

  @Test
  void loadsTheCorpus() {
    assertThat(corpus.series()).hasSizeGreaterThanOrEqualTo(30);
    assertThat(corpus.windowCount()).isGreaterThan(0);
    Series jumps = corpus.byName().get("artificialWithAnomaly/art_daily_jumpsup.csv");
    if (jumps != null) {
      assertThat(jumps.size()).isEqualTo(4032);
      assertThat(jumps.timestamps()[0]).isEqualTo(NabCorpus.parseTimestamp("2014-04-01 00:00:00"));
      assertThat(jumps.windows()).containsExactly(new NabCorpus.Window(2787, 3189));
    }
  }

  @Test
  void nullDetectorScoresZeroAndPerfectDetectorScoresHundred() {
    NabEvaluator ev = new NabEvaluator(corpus);
    List<double[]> nul = new ArrayList<>();
    List<double[]> perfect = new ArrayList<>();
    for (Series s : corpus.series()) {
      nul.add(new double[s.size()]);
      double[] p = new double[s.size()];
      boolean[] d = NabScorer.perfectDetections(s);
      for (int i = 0; i < p.length; i++) {
        p[i] = d[i] ? 1.0 : 0.0;
      }
      perfect.add(p);
    }
    NabReport nr = ev.score("null", nul);
    NabReport pr = ev.score("perfect", perfect);
    for (Profile p : Profile.values()) {
      assertThat(nr.normalized(p)).as("null %s", p).isCloseTo(0.0, within(1e-9));
      assertThat(pr.normalized(p)).as("perfect %s", p).isCloseTo(100.0, within(1e-9));
      assertThat(pr.results().get(p).falseNegatives()).isZero();
      assertThat(pr.results().get(p).falsePositives()).isZero();
    }
  }

  @Test
  void lightweightDetectorsBeatTheNullDetector() {
    NabEvaluator ev = new NabEvaluator(corpus);
    double best = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, Supplier<SeriesDetector>> e :
        NabEvaluator.standardDetectors(false).entrySet()) {
      NabReport r = ev.evaluate(e.getKey(), e.getValue());
      System.out.println(r);
      for (Profile p : Profile.values()) {
        // the threshold search can always fall back to "no detection"
        assertThat(r.normalized(p)).as("%s %s", e.getKey(), p).isGreaterThanOrEqualTo(0.0);
      }
      best = Math.max(best, r.normalized(Profile.STANDARD));
    }
    assertThat(best).as("best standard score beats the null detector").isGreaterThan(0.0);
  }
}
