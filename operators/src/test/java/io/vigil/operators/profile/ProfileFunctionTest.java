package io.vigil.operators.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.event.BillingLine;
import io.vigil.models.event.FlowRecord;
import io.vigil.models.event.Invocation;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.operators.StateDescriptors;
import io.vigil.operators.combine.ProfileInput;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProfileFunctionTest {
  private static final long MINUTE = 60_000;
  private static final long IDLE = 10 * MINUTE;
  private static final String KEY_A = "111122223333/us-east-1/a";
  private KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, MetricBucket> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = newHarness();
    harness.open();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, MetricBucket>
      newHarness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new ProfileFunction(MINUTE, IDLE, PriceTable.defaults())),
        in -> in.key,
        Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  static TelemetryEvent invocation(String fn, long ts, double durationMs) {
    Invocation i = new Invocation();
    i.accountId = "111122223333";
    i.region = "us-east-1";
    i.functionName = fn;
    i.timestamp = ts;
    i.durationMs = durationMs;
    i.billedDurationMs = Math.ceil(durationMs);
    i.memorySizeMb = 512;
    i.maxMemoryUsedMb = 100;
    return TelemetryEvent.of(i);
  }

  static TelemetryEvent billing(String fn, long usageStart, double cost) {
    BillingLine b = new BillingLine();
    b.accountId = "111122223333";
    b.region = "us-east-1";
    b.functionName = fn;
    b.usageStart = usageStart;
    b.cost = cost;
    return TelemetryEvent.of(b);
  }

  private void send(TelemetryEvent e) throws Exception {
    harness.processElement(new StreamRecord<>(ProfileInput.of(e), e.timestamp));
  }

  private List<MetricBucket> buckets() {
    return harness.extractOutputValues();
  }

  @Test
  void emitsABucketWhenTheWatermarkPassesItsEnd() throws Exception {
    send(invocation("a", 1_000, 100));
    send(invocation("a", 59_000, 300));
    send(invocation("b", 30_000, 50));
    send(invocation("a", 61_000, 100)); // next bucket
    assertThat(harness.numEventTimeTimers())
        .isEqualTo(3 + 2); // 3 bucket ends + one idle timer per function (a's moved forward)

    harness.processWatermark(MINUTE - 2);
    assertThat(buckets()).isEmpty();
    harness.processWatermark(MINUTE - 1);
    List<MetricBucket> out = buckets();
    assertThat(out).hasSize(2);
    MetricBucket a = out.stream().filter(b -> b.functionName.equals("a")).findFirst().orElseThrow();
    assertThat(a.invocations).isEqualTo(2);
    assertThat(a.bucketStart).isZero();
    assertThat(a.bucketEnd).isEqualTo(MINUTE);
    assertThat(a.durationMaxMs).isBetween(294.0, 306.0);
    assertThat(a.id).isEqualTo(MetricBucket.idFor("111122223333/us-east-1/a", 0));
  }

  @Test
  void aBucketOpenedWhereTheOldIdleTimerWasClosesAtItsOwnEnd() throws Exception {
    send(invocation("a", 1_000, 100));
    harness.processWatermark(MINUTE - 1);
    assertThat(buckets()).hasSize(1);
    // The idle timer for an event at 1 s sits at the end of bucket [IDLE, IDLE + 1 min): an event
    // in that bucket must not lose the bucket's timer when the idle timer moves on.
    send(invocation("a", IDLE + 1_000, 100));
    harness.processWatermark(IDLE + MINUTE - 1);
    assertThat(buckets()).hasSize(2);
    assertThat(buckets().get(1).bucketStart).isEqualTo(IDLE);
    assertThat(harness.numEventTimeTimers()).isEqualTo(1); // only the new idle timer
  }

  @Test
  void eachTimerClosesOnlyItsOwnBucketInTimeOrder() throws Exception {
    for (int m = 0; m < 5; m++) send(invocation("a", m * MINUTE + 5_000, 100));
    harness.processWatermark(3 * MINUTE - 1);
    assertThat(buckets()).extracting(b -> b.bucketStart).containsExactly(0L, MINUTE, 2 * MINUTE);
    harness.processWatermark(5 * MINUTE - 1);
    assertThat(buckets())
        .extracting(b -> b.bucketStart)
        .containsExactly(0L, MINUTE, 2 * MINUTE, 3 * MINUTE, 4 * MINUTE);
  }

  @Test
  void foldsLateEventsIntoTheCurrentBucketInsteadOfDroppingThem() throws Exception {
    send(invocation("a", 5 * MINUTE + 10, 100));
    harness.processWatermark(5 * MINUTE);
    BillingLine bill = new BillingLine();
    bill.accountId = "111122223333";
    bill.region = "us-east-1";
    bill.functionName = "a";
    bill.usageStart = 0; // an hour-old billing row
    bill.cost = 1.5;
    send(TelemetryEvent.of(bill));
    send(invocation("a", 30_000, 100)); // late invocation
    harness.processWatermark(6 * MINUTE - 1);
    List<MetricBucket> out = buckets();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).bucketStart).isEqualTo(5 * MINUTE);
    assertThat(out.get(0).invocations).isEqualTo(2);
    assertThat(out.get(0).billedCostUsd).isEqualTo(1.5);
  }

  @Test
  void profilesFlowsAndRemembersDestinations() throws Exception {
    FlowRecord f = new FlowRecord();
    f.accountId = "111122223333";
    f.region = "us-east-1";
    f.functionName = "a";
    f.interfaceId = "eni-1";
    f.srcAddr = "10.0.0.1";
    f.dstAddr = "198.51.100.9";
    f.dstPort = 3333;
    f.bytes = 1000;
    f.packets = 3;
    f.logStatus = "OK";
    f.action = "ACCEPT";
    f.start = 10;
    send(TelemetryEvent.of(f));
    f.start = 70; // same destination, next minute
    send(TelemetryEvent.of(f));
    harness.processWatermark(2 * MINUTE);
    List<MetricBucket> out = buckets();
    assertThat(out).extracting(b -> b.newDestinations).containsExactly(1L, 0L);
    assertThat(out).extracting(b -> b.miningPortFlows).containsExactly(1L, 1L);
  }

  @Test
  void clearsStateOfAnIdleFunction() throws Exception {
    send(invocation("a", 1_000, 100));
    harness.processWatermark(MINUTE);
    assertThat(harness.numKeyedStateEntries()).isGreaterThan(0);
    harness.processWatermark(IDLE + 2 * MINUTE);
    assertThat(buckets()).hasSize(1);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aFunctionWhoseFirstEventIsLaterThanTheIdleTimeoutIsStillClearedAfterItsBucket()
      throws Exception {
    harness.processWatermark(IDLE + 5 * MINUTE);
    // A billing row more than the idle timeout late: it folds into the current bucket, whose end
    // lies after the idle timer its own time would give (that timer is already in the past).
    harness.processElement(
        new StreamRecord<>(ProfileInput.of(billing("a", 0, 0.5)), 0L)); // usage start 0
    harness.processWatermark(IDLE + 5 * MINUTE + 1);
    assertThat(buckets()).isEmpty(); // its bucket is still open
    harness.processWatermark(IDLE + 6 * MINUTE);
    assertThat(buckets())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.bucketStart).isEqualTo(IDLE + 5 * MINUTE);
              assertThat(b.billedCostUsd).isEqualTo(0.5);
            });
    harness.processWatermark(3 * IDLE);
    assertThat(harness.numKeyedStateEntries()).isZero(); // no state left behind
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  /**
   * The idle timer is not moved by every bucket (a delete and a register each): it stays until it
   * fires, is set again where the newest event puts it, and clears the function exactly the idle
   * timeout after its last event, as a timer moved every time would.
   */
  @Test
  void anActiveFunctionsIdleTimerIsSetAgainOnlyWhenItFiresEarly() throws Exception {
    Set<Long> idleTimers = new TreeSet<>();
    long last = 0;
    for (int m = 0; m < 3 * IDLE / MINUTE; m++) {
      last = m * MINUTE + 5_000;
      send(invocation("a", last, 100));
      harness.processWatermark(m * MINUTE - 1);
      assertThat(harness.numEventTimeTimers()).isLessThanOrEqualTo(3); // two buckets, one idle
      idleTimers.add(idleTimerOf("a"));
    }
    // Armed at the end of minute 10 for the first event; when it fired there, the newest event (in
    // minute 11) put it at the end of minute 21, and from there at the end of minute 32.
    assertThat(idleTimers)
        .containsExactly(IDLE + MINUTE - 1, 2 * IDLE + 2 * MINUTE - 1, 3 * IDLE + 3 * MINUTE - 1);
    long due = IDLE + last - last % MINUTE + MINUTE - 1;
    harness.processWatermark(due - 1);
    assertThat(harness.numKeyedStateEntries()).isGreaterThan(0);
    harness.processWatermark(due);
    assertThat(buckets()).hasSize((int) (3 * IDLE / MINUTE));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  /**
   * A savepoint from before the idle timer was recorded holds the timer at its last event's idle
   * time and no record of it: the function adopts that timer, sets it again when it fires early,
   * and is still cleared the idle timeout after its last event.
   */
  @Test
  void aFunctionRestoredWithoutARecordedIdleTimerAdoptsTheOneItHas() throws Exception {
    send(invocation("a", 5_000, 100));
    harness.getOperator().getKeyedStateBackend().setCurrentKey(KEY_A);
    idleTimerState().clear(); // as the version before kept it: the timer without the record
    var snapshot = harness.snapshot(1, 1);
    harness.close();
    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    long last = 0;
    for (int m = 1; m < 2 * IDLE / MINUTE; m++) {
      last = m * MINUTE + 5_000;
      send(invocation("a", last, 100));
      harness.processWatermark(m * MINUTE - 1);
    }
    assertThat(idleTimerOf("a")).isEqualTo(2 * IDLE + 2 * MINUTE - 1);
    long due = IDLE + last - last % MINUTE + MINUTE - 1;
    harness.processWatermark(due - 1);
    assertThat(harness.numKeyedStateEntries()).isGreaterThan(0);
    harness.processWatermark(due);
    assertThat(buckets()).hasSize((int) (2 * IDLE / MINUTE));
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  private Long idleTimerOf(String key) throws Exception {
    harness.getOperator().getKeyedStateBackend().setCurrentKey("111122223333/us-east-1/" + key);
    return idleTimerState().value();
  }

  private ValueState<Long> idleTimerState() throws Exception {
    return harness
        .getOperator()
        .getKeyedStateBackend()
        .getPartitionedState(
            VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, StateDescriptors.idleTimer());
  }

  @Test
  void afterARestoreAnIdleFunctionIsStillClearedWhole() throws Exception {
    send(invocation("a", 1_000, 100));
    send(invocation("a", MINUTE + 1_000, 100));
    harness.processWatermark(MINUTE - 1);
    var snapshot = harness.snapshot(1, 1);
    harness.close();
    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    harness.processWatermark(IDLE + 3 * MINUTE);
    assertThat(buckets()).extracting(b -> b.bucketStart).containsExactly(MINUTE);
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void stateSurvivesASnapshotAndRestore() throws Exception {
    send(invocation("a", 1_000, 100));
    send(invocation("a", 2_000, 200));
    var snapshot = harness.snapshot(1, 1);
    harness.close();
    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    send(invocation("a", 3_000, 300));
    harness.processWatermark(MINUTE);
    assertThat(buckets()).singleElement().satisfies(b -> assertThat(b.invocations).isEqualTo(3));
    assertThat(buckets().stream().map(b -> b.functionName).collect(Collectors.toList()))
        .containsExactly("a");
  }

  @Test
  void afterARestoreAnEventOfAnEmittedBucketIsLateNotAReopenedBucket() throws Exception {
    send(invocation("a", 1_000, 100));
    harness.processWatermark(MINUTE - 1); // bucket [0, 1 min) emitted
    assertThat(buckets()).hasSize(1);
    var snapshot = harness.snapshot(1, 1);
    harness.close();
    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open(); // the watermark starts over at Long.MIN_VALUE
    send(invocation("a", 2_000, 100)); // belongs to the emitted bucket: folded into the next
    harness.processWatermark(2 * MINUTE - 1);
    assertThat(buckets())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.bucketStart).isEqualTo(MINUTE);
              assertThat(b.invocations).isEqualTo(1);
            });
  }
}
