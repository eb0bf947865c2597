package io.vigil.models.detect.family;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.Signal;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.settings.DetectorSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesNoveltyFamilyTest {
  private final SeriesNoveltyFamily family = new SeriesNoveltyFamily();
  private final BucketContext ctx = new BucketContext(twoSeries(), PriceTable.defaults());

  private static DetectorSettings twoSeries() {
    DetectorSettings d = new DetectorSettings();
    d.noveltySeries = 2;
    return d;
  }

  private final Random r = new Random(31);

  private static Signal signal(FindingType type) {
    return new Signal(type, "test", 0.5, 2, 1, "x", 0, null, 0, "observed");
  }

  private MetricBucket bucket(long minute, double durationMs) {
    MetricBucket b = new MetricBucket();
    b.bucketStart = minute * 60_000L;
    b.bucketEnd = b.bucketStart + 60_000L;
    b.invocations = 40 + r.nextInt(5);
    b.durationP50Ms = durationMs * Math.exp(0.03 * r.nextGaussian());
    return b;
  }

  /** Feeds {@code n} buckets with no other family's signal; returns what the family emitted. */
  private List<Signal> run(FunctionBaseline s, long from, int n, double durationMs) {
    List<Signal> all = new ArrayList<>();
    for (long m = from; m < from + n; m++) {
      List<Signal> out = new ArrayList<>();
      family.evaluate(bucket(m, durationMs), s, ctx, out);
      all.addAll(out);
    }
    return all;
  }

  @Test
  void emitsNothingOfItsOwnEvenOnANovelty() {
    FunctionBaseline s = new FunctionBaseline();
    assertThat(run(s, 0, 600, 100)).isEmpty();
    assertThat(run(s, 600, 40, 400)).isEmpty();
    assertThat(s.seriesNovelty.duration.lastAlarmBlock).isBetween(150, 160);
  }

  @Test
  void aNovelDurationCorroboratesTheDurationSignalOnly() {
    FunctionBaseline s = new FunctionBaseline();
    run(s, 0, 600, 100);
    List<Signal> corroborated = new ArrayList<>();
    for (long m = 600; m < 612; m++) {
      List<Signal> out = new ArrayList<>(List.of(signal(FindingType.DURATION_REGRESSION)));
      out.add(signal(FindingType.ERROR_STORM));
      out.add(signal(FindingType.INVOCATION_SPIKE));
      family.evaluate(bucket(m, 400), s, ctx, out);
      assertThat(out).hasSize(3);
      assertThat(out.get(1).score()).isEqualTo(0.5);
      assertThat(out.get(2).score()).as("invocations did not change").isEqualTo(0.5);
      if (out.get(0).score() > 0.5) corroborated.add(out.get(0));
    }
    assertThat(corroborated).isNotEmpty();
    assertThat(corroborated.get(0).score()).isLessThanOrEqualTo(1.0);
    assertThat(corroborated.get(0).explanation())
        .startsWith("observed; corroborated by a novel duration pattern");
  }

  @Test
  void aKnownPatternCorroboratesNothing() {
    FunctionBaseline s = new FunctionBaseline();
    run(s, 0, 600, 100);
    for (long m = 600; m < 700; m++) {
      List<Signal> out = new ArrayList<>(List.of(signal(FindingType.DURATION_REGRESSION)));
      out.add(signal(FindingType.INVOCATION_SPIKE));
      family.evaluate(bucket(m, 100), s, ctx, out);
      assertThat(out).extracting(Signal::score).containsOnly(0.5);
    }
  }

  @Test
  void stateRestoredWithoutTheFieldIsCreatedAndStaysBounded() {
    FunctionBaseline s = new FunctionBaseline();
    s.seriesNovelty = null; // a baseline restored from a savepoint before issue 13
    run(s, 0, 20_000, 100);
    assertThat(s.seriesNovelty).isNotNull();
    assertThat(s.seriesNovelty.payloadBytes()).isEqualTo(2 * 144);
  }

  @Test
  void seriesRestoredFromTheFirstStateFormStartAfresh() {
    FunctionBaseline s = new FunctionBaseline();
    run(s, 0, 200, 100);
    // what POJO schema evolution leaves of the first form (16-bit prototypes, block stamps): the
    // dropped arrays are null, the kept scalars hold their old values
    s.seriesNovelty.invocations.prototypeLevels = null;
    s.seriesNovelty.invocations.useRank = null;
    s.seriesNovelty.duration.prototypeLevels = null;
    s.seriesNovelty.duration.useRank = null;
    List<Signal> out = new ArrayList<>(List.of(signal(FindingType.DURATION_REGRESSION)));
    family.evaluate(bucket(200, 100), s, ctx, out);
    assertThat(s.seriesNovelty.invocations.isComplete()).isTrue();
    assertThat(s.seriesNovelty.duration.isComplete()).isTrue();
    assertThat(s.seriesNovelty.invocations.blocks).as("started afresh").isZero();
    assertThat(out).extracting(Signal::score).containsOnly(0.5);
    run(s, 201, 2_000, 100);
    assertThat(s.seriesNovelty.payloadBytes()).isEqualTo(2 * 144);
  }

  @Test
  void byDefaultBothSeriesAreWatchedAndAPolicyCanDropTheDurationSeries() {
    FunctionBaseline s = new FunctionBaseline();
    BucketContext defaults = new BucketContext(new DetectorSettings(), PriceTable.defaults());
    family.evaluate(bucket(0, 100), s, defaults, new ArrayList<>());
    assertThat(s.seriesNovelty.duration).isNotNull();
    assertThat(s.seriesNovelty.duration.blocks + s.seriesNovelty.duration.blockFill).isOne();
    DetectorSettings one = new DetectorSettings();
    one.noveltySeries = 1;
    BucketContext oneSeries = new BucketContext(one, PriceTable.defaults());
    List<Signal> out = new ArrayList<>(List.of(signal(FindingType.DURATION_REGRESSION)));
    family.evaluate(bucket(1, 100), s, oneSeries, out);
    assertThat(s.seriesNovelty.duration).isNull();
    assertThat(s.seriesNovelty.payloadBytes()).isEqualTo(144);
    assertThat(out).extracting(Signal::score).containsOnly(0.5);
  }
}
