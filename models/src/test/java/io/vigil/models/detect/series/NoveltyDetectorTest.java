package io.vigil.models.detect.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoveltyDetectorTest {

  private static final long MINUTE = 60_000;

  /** A daily-looking sine (period 96 points) with 2 % noise. */
  private static double normal(int i, Random r) {
    return 100 + 20 * Math.sin(2 * Math.PI * i / 96.0) + r.nextGaussian() * 0.4;
  }

  /** Indices of points scoring above zero. */
  private static List<Integer> alarms(NoveltyDetector d, double[] xs) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < xs.length; i++) {
      double s = d.update(i * MINUTE, xs[i]).score();
      assertThat(s).isBetween(0.0, 1.0);
      if (s > 0) {
        out.add(i);
      }
    }
    return out;
  }

  @Test
  void learnsARegularSeriesAndStaysQuiet() {
    Random r = new Random(3);
    double[] xs = new double[3000];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = normal(i, r);
    }
    List<Integer> a = alarms(new NoveltyDetector(), xs);
    // novelties while the cycle is being learnt, none once it has been seen
    assertThat(a).allMatch(i -> i < 600);
  }

  @Test
  void aLevelShiftAlarmsOnceQuicklyThenIsLearnt() {
    Random r = new Random(5);
    double[] xs = new double[4000];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = normal(i, r) + (i >= 2500 ? 30 : 0);
    }
    List<Integer> a = alarms(new NoveltyDetector(), xs);
    List<Integer> after = a.stream().filter(i -> i >= 2500).toList();
    assertThat(after).isNotEmpty();
    assertThat(after.get(0)).as("first alarm within two blocks of the shift").isLessThan(2508);
    // the new level is learnt within one cycle: no alarms after it
    assertThat(after).allMatch(i -> i < 2500 + 96 + 16);
  }

  @Test
  void aSingleSpikeAlarms() {
    Random r = new Random(7);
    double[] xs = new double[3000];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = normal(i, r) + (i == 2000 ? 60 : 0);
    }
    List<Integer> a = alarms(new NoveltyDetector(), xs);
    assertThat(a).anyMatch(i -> i >= 2000 && i < 2004);
    assertThat(a.stream().filter(i -> i >= 600 && i < 2000)).isEmpty();
  }

  @Test
  void silentDuringWarmUpAndOnAFlatLine() {
    NoveltyDetector d = new NoveltyDetector();
    for (int i = 0; i < 5000; i++) {
      assertThat(d.update(i * MINUTE, 7.0).score()).isZero();
    }
    assertThat(d.state().prototypesInUse()).isEqualTo(1);
  }

  @Test
  void ignoresNonFiniteValues() {
    NoveltyDetector d = new NoveltyDetector();
    for (int i = 0; i < 500; i++) {
      d.update(i * MINUTE, i % 7);
    }
    assertThat(d.update(500 * MINUTE, Double.NaN).score()).isZero();
    assertThat(d.update(501 * MINUTE, Double.POSITIVE_INFINITY).score()).isZero();
    assertThat(d.state().hi).isEqualTo(6.0f);
  }

  @Test
  void stateIsBoundedAndItsBytesAreKnown() {
    NoveltyDetector d = new NoveltyDetector();
    NoveltyDetector.Params p = NoveltyDetector.Params.defaults();
    long before = d.state().payloadBytes();
    Random r = new Random(11);
    for (int i = 0; i < 200_000; i++) {
      d.update(i * MINUTE, r.nextGaussian() * (1 + i % 1000));
    }
    assertThat(d.state().prototypesInUse()).isEqualTo(p.capacity());
    assertThat(d.state().payloadBytes()).isEqualTo(before);
    // 64 prototypes x 4 8-bit steps, hits and recency rank (bytes) of 64, a window of 4 8-bit
    // steps, 11 four-byte scalars
    assertThat(before).isEqualTo(64 * 4 + 64 + 64 + 4 + 11 * 4);
    assertThat(before).isEqualTo(432);
    NoveltyState compact = new NoveltyDetector(NoveltyDetector.Params.compact()).state();
    assertThat(compact.payloadBytes()).isEqualTo(16 * 4 + 16 + 16 + 4 + 11 * 4);
    assertThat(compact.payloadBytes()).isEqualTo(144);
  }

  @Test
  void theLeastRecentlyUsedPrototypeIsReplaced() {
    // two prototypes, one-value windows: 0 and 10 are learnt, 0 is used again, so 5 replaces 10;
    // 0 is still known, 10 is novel again (it replaces 5, now the least recent), then 5 is novel
    NoveltyDetector d = new NoveltyDetector(new NoveltyDetector.Params(1, 1, 2, 0.1, 0, 0, 1, 16));
    double[] xs = {0, 10, 0, 5, 0, 10, 5, 10};
    boolean[] novel = new boolean[xs.length];
    for (int i = 0; i < xs.length; i++) novel[i] = d.update(i * MINUTE, xs[i]).score() > 0;
    assertThat(novel).containsExactly(false, true, false, true, false, true, true, false);
    assertThat(d.state().prototypesInUse()).isEqualTo(2);
  }

  @Test
  void capacityIsBoundedByTheByteRanks() {
    assertThatThrownBy(() -> NoveltyDetector.Params.defaults().withCapacity(128))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void quantisedPrototypesFollowAWideningRange() {
    // the range grows tenfold after the cycle is learnt: the old prototypes, re-expressed over
    // the new range, still match the old cycle when it comes back (no alarms on its return)
    Random r = new Random(17);
    NoveltyDetector d = new NoveltyDetector(NoveltyDetector.Params.compact());
    List<Integer> a = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      double x = normal(i, r) + (i >= 3000 && i < 3008 ? 400 : 0);
      if (d.update(i * MINUTE, x).score() > 0) {
        a.add(i);
      }
    }
    assertThat(d.state().hi).isGreaterThan(400f);
    assertThat(a).anyMatch(i -> i >= 3000 && i < 3008);
    assertThat(a).noneMatch(i -> i >= 3200);
  }

  @Test
  void stateIsAFlinkPojoAndResumesExactly() throws Exception {
    Class<NoveltyState> c = NoveltyState.class;
    assertThat(Modifier.isPublic(c.getModifiers())).isTrue();
    assertThat(c.getConstructor().newInstance()).isNotNull();
    for (var f : c.getDeclaredFields()) {
      assertThat(Modifier.isPublic(f.getModifiers())).as(f.getName()).isTrue();
      assertThat(Modifier.isFinal(f.getModifiers())).as(f.getName()).isFalse();
      assertThat(f.getType().isPrimitive() || f.getType().getComponentType().isPrimitive())
          .as(f.getName())
          .isTrue();
    }
    // a detector rebuilt around a copy of the state continues exactly like the original
    Random r = new Random(13);
    double[] xs = new double[6000];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = normal(i, r) + (i > 4000 ? 25 : 0);
    }
    NoveltyDetector.Params p = NoveltyDetector.Params.defaults();
    NoveltyDetector a = new NoveltyDetector(p);
    for (int i = 0; i < 3000; i++) {
      a.update(i * MINUTE, xs[i]);
    }
    NoveltyDetector b = new NoveltyDetector(p, copy(a.state()));
    for (int i = 3000; i < xs.length; i++) {
      assertThat(b.update(i * MINUTE, xs[i]).score())
          .isEqualTo(a.update(i * MINUTE, xs[i]).score());
    }
  }

  @Test
  void rejectsInvalidParameters() {
    NoveltyDetector.Params d = NoveltyDetector.Params.defaults();
    assertThatThrownBy(() -> d.withRadius(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withRadius(1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NoveltyDetector.Params(0, 4, 64, 0.1, 0.1, 12, 32, 16))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NoveltyDetector.Params(4, 8, 64, 0.1, 0.1, 12, 4, 16))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static NoveltyState copy(NoveltyState s) throws Exception {
    NoveltyState c = new NoveltyState();
    for (var f : NoveltyState.class.getDeclaredFields()) {
      Object v = f.get(s);
      if (v instanceof float[] fa) {
        v = fa.clone();
      } else if (v instanceof char[] ca) {
        v = ca.clone();
      } else if (v instanceof byte[] ba) {
        v = ba.clone();
      }
      f.set(c, v);
    }
    return c;
  }
}
