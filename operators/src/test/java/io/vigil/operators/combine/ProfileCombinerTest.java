package io.vigil.operators.combine;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.event.BillingLine;
import io.vigil.models.event.FlowRecord;
import io.vigil.models.event.Invocation;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.profile.FlowRun;
import io.vigil.models.profile.InvocationRun;
import io.vigil.models.profile.PriceTable;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProfileCombinerTest {
  private static final long MINUTE = 60_000;
  private OneInputStreamOperatorTestHarness<TelemetryEvent, ProfileInput> harness;

  private void open(int maxEvents) throws Exception {
    harness =
        new OneInputStreamOperatorTestHarness<>(
            new ProfileCombiner(MINUTE, maxEvents, PriceTable.defaults()));
    harness.open();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (harness != null) harness.close();
  }

  static TelemetryEvent invocation(String fn, long ts) {
    Invocation i = new Invocation();
    i.accountId = "111122223333";
    i.region = "us-east-1";
    i.functionName = fn;
    i.timestamp = ts;
    i.durationMs = 120;
    i.billedDurationMs = 120;
    i.memorySizeMb = 256;
    i.maxMemoryUsedMb = 90;
    return TelemetryEvent.of(i);
  }

  static TelemetryEvent billing(String fn, long ts) {
    BillingLine b = new BillingLine();
    b.accountId = "111122223333";
    b.region = "us-east-1";
    b.functionName = fn;
    b.usageStart = ts;
    b.cost = 0.25;
    return TelemetryEvent.of(b);
  }

  private void send(TelemetryEvent e) throws Exception {
    harness.processElement(new StreamRecord<>(e, e.timestamp));
  }

  private List<ProfileInput> records() {
    return harness.extractOutputValues();
  }

  static TelemetryEvent flow(String fn, long ts, String destination) {
    FlowRecord f = new FlowRecord();
    f.accountId = "111122223333";
    f.region = "us-east-1";
    f.functionName = fn;
    f.srcAddr = "10.0.0.5";
    f.dstAddr = destination;
    f.dstPort = 443;
    f.action = "ACCEPT";
    f.logStatus = "OK";
    f.bytes = 1_000;
    f.packets = 3;
    f.start = ts;
    f.end = ts;
    TelemetryEvent e = TelemetryEvent.of(f);
    e.key = key(fn);
    e.timestamp = ts;
    return e;
  }

  /** Events per record: a run's invocations or flows, or 1 for a passed-through event. */
  private static List<Long> sizes(List<ProfileInput> out) {
    return out.stream()
        .map(
            in ->
                in.run != null
                    ? InvocationRun.fromBytes(in.run).events()
                    : in.flows != null ? FlowRun.fromBytes(in.flows).events : 1L)
        .toList();
  }

  @Test
  void holdsInvocationsUntilTheWatermarkCrossesABucketEnd() throws Exception {
    open(10_000);
    harness.processWatermark(0);
    send(invocation("a", 1_000));
    send(invocation("b", 2_000));
    send(invocation("a", 3_000));
    harness.processWatermark(MINUTE - 2); // inside the bucket: no profile timer can fire
    assertThat(records()).isEmpty();
    harness.processWatermark(MINUTE - 1); // the bucket's last millisecond: flushed first
    assertThat(harness.getOutput()).hasSize(5); // watermarks 0 and MINUTE - 2, two runs, this one
    assertThat(List.copyOf(harness.getOutput()).get(4)).isEqualTo(new Watermark(MINUTE - 1));
    List<ProfileInput> out = records();
    assertThat(out).extracting(in -> in.key).containsExactly(key("a"), key("b"));
    assertThat(sizes(out)).containsExactly(2L, 1L);
    InvocationRun a = InvocationRun.fromBytes(out.get(0).run);
    assertThat(a.bucketStart).isZero();
    assertThat(a.newest).isEqualTo(3_000);
  }

  @Test
  void aPassedThroughEventKeepsItsPlaceInItsFunctionsOrder() throws Exception {
    open(10_000);
    send(invocation("a", 1_000));
    send(billing("a", 500));
    send(invocation("a", 2_000));
    send(invocation("a", MINUTE + 5)); // next bucket: a new run
    harness.prepareSnapshotPreBarrier(1);
    List<ProfileInput> out = records();
    assertThat(out).extracting(in -> in.event != null).containsExactly(false, true, false, false);
    assertThat(sizes(out)).containsExactly(1L, 1L, 1L, 1L);
    assertThat(InvocationRun.fromBytes(out.get(3).run).bucketStart).isEqualTo(MINUTE);
  }

  @Test
  void flowsFoldIntoTheirOwnRunsWithoutCuttingTheInvocationRuns() throws Exception {
    open(10_000);
    send(invocation("a", 1_000));
    send(flow("a", 1_500, "52.1.1.1")); // same bucket, a's last item: travels with its run
    send(invocation("a", 2_000));
    send(flow("a", 2_500, "52.1.1.2"));
    send(flow("b", 2_600, "52.1.1.1"));
    send(flow("a", MINUTE + 5, "52.1.1.3")); // next bucket: a new run
    send(billing("a", 500)); // ends a's runs: its next flow starts a new one
    send(flow("a", MINUTE + 6, "52.1.1.4"));
    harness.prepareSnapshotPreBarrier(1);
    List<ProfileInput> out = records();
    assertThat(out)
        .extracting(ProfileCombinerTest::kind)
        .containsExactly("inv+flows", "flows", "flows", "event", "flows");
    assertThat(out)
        .extracting(in -> in.key)
        .containsExactly(key("a"), key("b"), key("a"), key("a"), key("a"));
    assertThat(InvocationRun.fromBytes(out.get(0).run).events()).isEqualTo(2);
    FlowRun first = FlowRun.fromBytes(out.get(0).flows);
    assertThat(first.events).isEqualTo(2);
    assertThat(first.bucketStart).isZero();
    assertThat(first.newest).isEqualTo(2_500);
    assertThat(out.get(0).flowsFirst).isFalse();
    assertThat(FlowRun.fromBytes(out.get(2).flows).bucketStart).isEqualTo(MINUTE);
  }

  @Test
  void runsOfTheOtherKindJoinOnlyTheFunctionsLastItemOfTheSameBucket() throws Exception {
    open(10_000);
    send(flow("a", 1_000, "52.1.1.1"));
    send(invocation("b", 1_100)); // another function's items do not matter
    send(invocation("a", 1_200)); // joins a's flow run, which started first
    send(flow("c", MINUTE + 1, "52.1.1.1"));
    send(invocation("c", 2_000)); // another bucket: its own item
    send(invocation("d", MINUTE + 2));
    send(invocation("d", 3_000)); // a late invocation: d's last item is now this run
    send(flow("d", MINUTE + 3, "52.1.1.1")); // d's bucket-1 run is not its last item: apart
    harness.prepareSnapshotPreBarrier(1);
    List<ProfileInput> out = records();
    assertThat(out)
        .extracting(in -> in.key + ":" + kind(in))
        .containsExactly(
            key("a") + ":inv+flows",
            key("b") + ":inv",
            key("c") + ":flows",
            key("c") + ":inv",
            key("d") + ":inv",
            key("d") + ":inv",
            key("d") + ":flows");
    assertThat(out.get(0).flowsFirst).isTrue();
  }

  private static String kind(ProfileInput in) {
    if (in.run != null && in.flows != null) return "inv+flows";
    return in.run != null ? "inv" : in.flows != null ? "flows" : "event";
  }

  @Test
  void flushesOnTheSizeBoundAndBeforeEachCheckpointSoNothingIsHeldInState() throws Exception {
    open(3);
    for (int k = 0; k < 7; k++) send(invocation("a", 1_000 + k));
    assertThat(sizes(records())).containsExactly(3L, 3L);
    harness.prepareSnapshotPreBarrier(1);
    assertThat(sizes(records())).containsExactly(3L, 3L, 1L);
    assertThat(harness.snapshot(1, 1).getStateSize()).isZero();
  }

  @Test
  void flushesAtTheEndOfInput() throws Exception {
    open(10_000);
    send(invocation("a", 1_000));
    harness.processWatermark(Long.MAX_VALUE);
    assertThat(sizes(records())).containsExactly(1L);
  }

  @Test
  void zeroSendsEveryEventOnItsOwn() throws Exception {
    open(0);
    send(invocation("a", 1_000));
    send(invocation("a", 2_000));
    assertThat(records()).extracting(in -> in.event.timestamp).containsExactly(1_000L, 2_000L);
  }

  @Test
  void aWatermarkBackwardsOrEqualFlushesNothing() throws Exception {
    open(10_000);
    harness.processWatermark(MINUTE - 1);
    send(invocation("a", MINUTE + 1));
    harness.processWatermark(MINUTE - 1);
    harness.processWatermark(2 * MINUTE - 2);
    assertThat(records()).isEmpty();
  }

  private static String key(String fn) {
    return "111122223333/us-east-1/" + fn;
  }
}
