package io.vigil.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.decode.DecodeResult;
import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import io.vigil.operators.combine.ProfileCombiner;
import io.vigil.operators.combine.ProfileInput;
import io.vigil.operators.control.ControlEvent;
import io.vigil.operators.control.ControlState;
import io.vigil.operators.decode.AttributeFlowsFunction;
import io.vigil.operators.detect.DetectFunction;
import io.vigil.operators.profile.ProfileFunction;
import io.vigil.operators.profile.ProfileOperator;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * Checkpointed keyed state per function, measured on the real operators (pre-aggregation, profile
 * and detection, with their timers) as Flink snapshots them, in the worst realistic case: 25 hours
 * of a busy fleet with late delivery (flow records 1-5 min late, billing rows 2-6 h late) read in
 * arrival order, as fast as possible, with the watermark trailing arrival by 30 s. Snapshots at
 * hours 6 and 24 while running (open buckets, timers, in-flight late events) and at rest (after the
 * last bucket closed). Per function = (snapshot - the snapshot once every function went idle) /
 * functions. Budgets: the state plateaus (hour 24 <= 1.2 x hour 6), <= 4 KB per function while
 * running, <= 2 KB at rest.
 */
class StateSizeTest {
  private static final int FUNCTIONS = 12;
  private static final long MINUTE = 60_000;
  private static final long HOURS = 25;
  private static final long IDLE = 6 * 60 * MINUTE;
  private static final long OUT_OF_ORDERNESS = 30_000;

  @Test
  void keyedStatePlateausWithinItsBudgetUnderLateDelivery() throws Exception {
    SimulationConfig config = new SimulationConfig();
    config.functions = FUNCTIONS;
    config.lateDelivery = true;
    FleetSimulator sim = new FleetSimulator(config);
    RecordDecoder decoder = new RecordDecoder();
    try (var attribute =
            new OneInputStreamOperatorTestHarness<>(
                new StreamMap<>(new AttributeFlowsFunction(sim.eniToFunction())));
        var profile =
            new KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, MetricBucket>(
                new ProfileOperator(new ProfileFunction(MINUTE, IDLE, PriceTable.defaults())),
                in -> in.key,
                Types.STRING);
        var combine =
            new OneInputStreamOperatorTestHarness<TelemetryEvent, ProfileInput>(
                new ProfileCombiner(MINUTE, 10_000, PriceTable.defaults()));
        var detect =
            ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new DetectFunction(PriceTable.defaults(), IDLE),
                (MetricBucket b) -> b.functionKey,
                Types.STRING,
                ControlState.all())) {
      attribute.open();
      combine.open();
      profile.open();
      detect.processBroadcastWatermark(Long.MAX_VALUE); // no policies: the control stream ended
      long lateEvents = 0;
      long[] runningBytes = new long[(int) HOURS + 1];
      long watermark = Long.MIN_VALUE;
      for (long minute = 0; minute < HOURS * 60; minute++) {
        for (RawRecord r : sim.nextMinute()) {
          DecodeResult decoded = decoder.decode(r);
          for (TelemetryEvent e : decoded.events) {
            attribute.processElement(new StreamRecord<>(e, r.arrivalTimestamp));
            if (e.timestamp <= watermark) lateEvents++;
          }
          for (Object o : attribute.getOutput()) {
            if (o instanceof StreamRecord<?> s) {
              combine.processElement(new StreamRecord<>((TelemetryEvent) s.getValue()));
            }
          }
          attribute.getOutput().clear();
          long next = r.arrivalTimestamp - OUT_OF_ORDERNESS - 1;
          if (next > watermark) {
            watermark = next;
            combine.processWatermark(new Watermark(watermark));
            drain(combine, profile);
            profile.processWatermark(new Watermark(watermark));
            forward(profile, detect);
            detect.processWatermark(new Watermark(watermark));
            detect.getOutput().clear();
          }
        }
        if ((minute + 1) % 60 == 0) {
          int hour = (int) ((minute + 1) / 60);
          combine.prepareSnapshotPreBarrier(minute); // as before a checkpoint barrier
          drain(combine, profile);
          runningBytes[hour] = stateBytes(profile, detect, minute);
        }
      }
      // At rest: the watermark passes the open buckets (less than the idle timeout later).
      watermark += 10 * MINUTE;
      combine.processWatermark(new Watermark(watermark));
      drain(combine, profile);
      profile.processWatermark(new Watermark(watermark));
      forward(profile, detect);
      detect.processWatermark(new Watermark(watermark));
      long restBytes = stateBytes(profile, detect, Long.MAX_VALUE - 2);
      // Silent past the idle timeout: every function's state and timers go; what is left is the
      // per-snapshot overhead (state names, serializer snapshots), not state of any key.
      watermark += IDLE + 60 * MINUTE;
      profile.processWatermark(new Watermark(watermark));
      forward(profile, detect);
      detect.processWatermark(new Watermark(watermark));
      profile.prepareSnapshotPreBarrier(Long.MAX_VALUE - 1); // the profile's cache written back
      assertThat(profile.numKeyedStateEntries()).isZero();
      assertThat(profile.numEventTimeTimers()).isZero();
      assertThat(detect.numEventTimeTimers()).isZero();
      long overhead = stateBytes(profile, detect, Long.MAX_VALUE - 1);

      double hour6 = (runningBytes[6] - overhead) / (double) FUNCTIONS;
      double hour24 = (runningBytes[24] - overhead) / (double) FUNCTIONS;
      double rest = (restBytes - overhead) / (double) FUNCTIONS;
      System.out.printf(
          "keyed state per function: hour 6 %.0f B, hour 24 %.0f B (running), at rest %.0f B;"
              + " snapshot overhead %d B; %d late events%n",
          hour6, hour24, rest, overhead, lateEvents);
      assertThat(lateEvents).as("late delivery produced late events").isPositive();
      assertThat(hour24).isLessThanOrEqualTo(1.2 * hour6);
      assertThat(hour6).isLessThanOrEqualTo(4096);
      assertThat(hour24).isLessThanOrEqualTo(4096);
      assertThat(rest).isLessThanOrEqualTo(2048);
    }
  }

  private static void forward(
      KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, MetricBucket> profile,
      KeyedBroadcastOperatorTestHarness<String, MetricBucket, ControlEvent, Finding> detect)
      throws Exception {
    List<Object> out = new ArrayList<>(profile.getOutput());
    profile.getOutput().clear();
    for (Object o : out) {
      if (o instanceof StreamRecord<?> s) {
        detect.processElement(new StreamRecord<>((MetricBucket) s.getValue()));
      }
    }
  }

  /** The combiner's records so far into the profile operator (its watermarks are sent apart). */
  private static void drain(
      OneInputStreamOperatorTestHarness<TelemetryEvent, ProfileInput> combine,
      KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, MetricBucket> profile)
      throws Exception {
    for (Object o : combine.getOutput()) {
      if (o instanceof StreamRecord<?> s) {
        profile.processElement(new StreamRecord<>((ProfileInput) s.getValue()));
      }
    }
    combine.getOutput().clear();
  }

  /** Bytes of both operators' snapshots (keyed state with timers, plus operator state). */
  private static long stateBytes(
      KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, MetricBucket> profile,
      KeyedBroadcastOperatorTestHarness<String, MetricBucket, ControlEvent, Finding> detect,
      long checkpointId)
      throws Exception {
    profile.prepareSnapshotPreBarrier(checkpointId); // as before a barrier: the cache written back
    return profile.snapshot(checkpointId, 0).getStateSize()
        + detect.snapshot(checkpointId, 0).getStateSize();
  }
}
