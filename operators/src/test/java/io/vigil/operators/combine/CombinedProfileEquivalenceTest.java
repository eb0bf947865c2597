package io.vigil.operators.combine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import io.vigil.operators.profile.ProfileFunction;
import io.vigil.operators.profile.ProfileOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The profile operator's buckets are identical, field for field and in the same order, whether its
 * invocations arrive one by one or folded by {@link ProfileCombiner}, wherever the runs are cut
 * (size bounds from 1 to 10,000 events, checkpoint flushes at random points), and whether its state
 * is read and written directly or through {@link ProfileOperator}'s write-back cache (bounds of 1
 * to 4,096 functions, flushed at the same checkpoints). Simulated fleet with late delivery read in
 * arrival order, watermark trailing arrival by 30 s, so late events, late runs occur.
 */
class CombinedProfileEquivalenceTest {
  private static final long MINUTE = 60_000;
  private static final long IDLE = 30 * MINUTE;
  private static final long OUT_OF_ORDERNESS = 30_000;

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 500, 10_000})
  void bucketsAreIdenticalWithAndWithoutCombining(int maxEvents) throws Exception {
    SimulationConfig config = new SimulationConfig();
    config.functions = 12;
    config.lateDelivery = true;
    FleetSimulator sim = new FleetSimulator(config);
    RecordDecoder decoder = new RecordDecoder();
    Random checkpoints = new Random(maxEvents);
    try (var direct = profile();
        var combined = cachedProfile(Math.min(maxEvents, 4_096));
        var combine =
            new OneInputStreamOperatorTestHarness<TelemetryEvent, ProfileInput>(
                new ProfileCombiner(MINUTE, maxEvents, PriceTable.defaults()))) {
      direct.open();
      combined.open();
      combine.open();
      long watermark = Long.MIN_VALUE;
      long events = 0;
      long records = 0;
      for (int minute = 0; minute < 4 * 60; minute++) {
        for (RawRecord r : sim.nextMinute()) {
          for (TelemetryEvent e : decoder.decode(r).events) {
            direct.processElement(new StreamRecord<>(ProfileInput.of(e)));
            combine.processElement(new StreamRecord<>(e, e.timestamp));
            events++;
          }
          boolean checkpoint = checkpoints.nextInt(20) == 0;
          if (checkpoint) combine.prepareSnapshotPreBarrier(minute);
          records += drain(combine, combined);
          if (checkpoint) combined.prepareSnapshotPreBarrier(minute);
          long next = r.arrivalTimestamp - OUT_OF_ORDERNESS - 1;
          if (next > watermark) {
            watermark = next;
            direct.processWatermark(new Watermark(watermark));
            combine.processWatermark(new Watermark(watermark));
            records += drain(combine, combined);
            combined.processWatermark(new Watermark(watermark));
          }
        }
      }
      direct.processWatermark(new Watermark(Long.MAX_VALUE));
      combine.processWatermark(new Watermark(Long.MAX_VALUE));
      drain(combine, combined);
      combined.processWatermark(new Watermark(Long.MAX_VALUE));

      List<MetricBucket> expected = direct.extractOutputValues();
      List<MetricBucket> actual = combined.extractOutputValues();
      assertThat(expected.stream().mapToLong(b -> b.invocations).sum()).isPositive();
      assertThat(expected.stream().mapToLong(b -> b.flows).sum()).isPositive();
      assertThat(actual).hasSameSizeAs(expected);
      for (int k = 0; k < expected.size(); k++) {
        assertThat(actual.get(k)).usingRecursiveComparison().isEqualTo(expected.get(k));
      }
      if (maxEvents > 1) {
        assertThat(records).isLessThan(events / 2); // it did fold
      }
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, MetricBucket>
      profile() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new ProfileFunction(MINUTE, IDLE, PriceTable.defaults())),
        in -> in.key,
        Types.STRING);
  }

  /** The profile as the job runs it: behind its write-back cache of at most {@code bound} keys. */
  private static KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, MetricBucket>
      cachedProfile(int bound) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new ProfileOperator(new ProfileFunction(MINUTE, IDLE, PriceTable.defaults()), bound),
        in -> in.key,
        Types.STRING);
  }

  private static int drain(
      OneInputStreamOperatorTestHarness<TelemetryEvent, ProfileInput> combine,
      KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, MetricBucket> profile)
      throws Exception {
    int records = 0;
    for (Object o : new ArrayList<>(combine.getOutput())) {
      if (o instanceof StreamRecord<?> s) {
        profile.processElement(new StreamRecord<>((ProfileInput) s.getValue()));
        records++;
      }
    }
    combine.getOutput().clear();
    return records;
  }
}
