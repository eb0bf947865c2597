package io.vigil.operators.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.settings.DetectorSettings;
import io.vigil.operators.control.ControlEvent;
import io.vigil.operators.control.ControlState;
import io.vigil.testkit.domain.MetricBucketBuilder;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DetectFunctionTest {
  private static final long MINUTE = 60_000;
  private static final long IDLE = 30 * MINUTE;
  private KeyedBroadcastOperatorTestHarness<String, MetricBucket, ControlEvent, Finding> harness;

  /** What applies while the control broadcast brought no policy: the defaults. */
  private final DetectorSettings settings = new DetectorSettings();

  /** Detection with nothing on the control broadcast, as in a job without policy folders. */
  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
            new DetectFunction(PriceTable.defaults(), IDLE),
            b -> b.functionKey,
            Types.STRING,
            ControlState.all());
    harness.processBroadcastWatermark(Long.MAX_VALUE); // no policies: the control stream ended
  }

  private int stateEntries() {
    var backend = harness.getOperator().getKeyedStateBackend();
    return ((HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static MetricBucket bucket(long minute, long invocations, long errors) {
    return MetricBucketBuilder.bucket("111122223333/us-east-1/f", minute * MINUTE)
        .invocations(invocations)
        .errors(errors)
        .durationP50Ms(100)
        .memoryMb(256, 200)
        .costUsd(invocations * 0.000001)
        .build();
  }

  private void send(MetricBucket b) throws Exception {
    harness.processElement(new StreamRecord<>(b, b.bucketEnd - 1));
  }

  @Test
  void opensAndResolvesAnErrorStormIncident() throws Exception {
    long m = 0;
    for (; m < 60; m++) send(bucket(m, 100 + m % 5, m % 3 == 0 ? 1 : 0));
    assertThat(harness.extractOutputValues()).isEmpty();
    for (int i = 0; i < 4; i++, m++) send(bucket(m, 100, 60));
    List<Finding> open = harness.extractOutputValues();
    assertThat(open)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.type).isEqualTo("ERROR_STORM");
              assertThat(f.status).isEqualTo("OPEN");
              assertThat(f.observed).isEqualTo(60.0);
              assertThat(f.explanation).contains("60 of 100 invocations failed");
            });
    for (int i = 0; i < settings.resolveAfterBuckets; i++, m++) send(bucket(m, 100, 0));
    List<Finding> all = harness.extractOutputValues();
    assertThat(all).hasSize(2);
    assertThat(all.get(1).status).isEqualTo("RESOLVED");
    assertThat(all.get(1).incidentId).isEqualTo(all.get(0).incidentId);
  }

  @Test
  void resolvesOpenIncidentsAndClearsStateWhenAFunctionGoesQuiet() throws Exception {
    long m = 0;
    for (; m < 60; m++) send(bucket(m, 100, 0));
    send(bucket(m++, 100, 70));
    assertThat(harness.extractOutputValues()).hasSize(1);
    assertThat(stateEntries()).isEqualTo(4); // baseline, incident, last bucket, idle timer
    harness.processWatermark(m * MINUTE + IDLE);
    List<Finding> out = harness.extractOutputValues();
    assertThat(out).hasSize(2);
    assertThat(out.get(1).status).isEqualTo("RESOLVED");
    assertThat(stateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aNewerBucketPostponesTheIdleCleanUp() throws Exception {
    send(bucket(0, 100, 0));
    send(bucket(20, 100, 0));
    harness.processWatermark(MINUTE + IDLE); // the first bucket's idle timer fires: not idle yet
    assertThat(stateEntries()).isGreaterThan(0);
    harness.processWatermark(21 * MINUTE + IDLE);
    assertThat(stateEntries()).isZero();
  }
}
