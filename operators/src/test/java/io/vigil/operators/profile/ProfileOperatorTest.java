package io.vigil.operators.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.event.FlowRecord;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.BucketAccumulator;
import io.vigil.models.profile.PriceTable;
import io.vigil.operators.StateCacheBound;
import io.vigil.operators.StateDescriptors;
import io.vigil.operators.combine.ProfileInput;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ProfileOperator} (the profile behind its write-back cache) against {@link ProfileFunction}
 * on Flink's keyed state directly, on the heap and on RocksDB: the same outputs, the same timers,
 * the same keyed state after every flush (idle functions cleared), snapshots that hold every cached
 * change, and the flush when the cache passes its bound.
 */
class ProfileOperatorTest {
  private static final long MINUTE = 60_000;
  private static final long IDLE = 10 * MINUTE;
  private static final String[] KEYS = {"a", "b", "c", "d", "e"};

  private static Stream<Arguments> backendsAndBounds() {
    return Stream.of("hashmap", "rocksdb")
        .flatMap(b -> Stream.of(1, 2, 4_096).map(bound -> Arguments.of(b, bound)));
  }

  @ParameterizedTest
  @MethodSource("backendsAndBounds")
  void sameOutputsTimersAndStateAsTheUncachedFunction(String backend, int bound) throws Exception {
    List<Step> steps = scenario(7);
    try (var plain = uncached(backend);
        var cached = cached(backend, bound)) {
      plain.open();
      cached.open();
      for (int i = 0; i < steps.size(); i++) {
        steps.get(i).apply(plain);
        steps.get(i).apply(cached);
        assertThat(cached.numEventTimeTimers())
            .as("timers at step %d", i)
            .isEqualTo(plain.numEventTimeTimers());
        assertThat(cached.extractOutputValues())
            .as("outputs at step %d", i)
            .hasSameSizeAs(plain.extractOutputValues());
        if (i % 40 == 39) {
          cached.prepareSnapshotPreBarrier(i);
          assertThat(keyedState(cached)).as("state at step %d", i).isEqualTo(keyedState(plain));
        }
      }
      assertSameBuckets(cached.extractOutputValues(), plain.extractOutputValues());
      cached.prepareSnapshotPreBarrier(steps.size());
      assertThat(keyedState(cached)).isEqualTo(keyedState(plain));
      List<MetricBucket> out = plain.extractOutputValues();
      // The scenario exercises what it claims to (billing rows are all late: folded, not dropped).
      assertThat(out.stream().mapToLong(b -> b.newDestinations).sum()).isPositive();
      assertThat(out.stream().mapToDouble(b -> b.billedCostUsd).sum()).isPositive();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void anIdleFunctionIsClearedAndNotBroughtBackByALaterFlush(String backend) throws Exception {
    try (var h = cached(backend, 4_096)) {
      h.open();
      send(h, flow("a", 10, "198.51.100.9"));
      send(h, ProfileFunctionTest.invocation("b", 20_000, 100));
      h.processWatermark(new Watermark(MINUTE - 1)); // a's and b's buckets close: both cached
      send(h, ProfileFunctionTest.invocation("b", IDLE + MINUTE, 100));
      h.processWatermark(new Watermark(IDLE + 2 * MINUTE)); // a idle, b not
      assertThat(h.extractOutputValues()).hasSize(3);
      h.prepareSnapshotPreBarrier(1);
      Map<String, String> state = keyedState(h);
      assertThat(state).containsOnlyKeys(key("b"));
      assertThat(h.numEventTimeTimers()).isEqualTo(1); // b's idle timer
      h.processWatermark(new Watermark(3 * IDLE));
      h.prepareSnapshotPreBarrier(2);
      assertThat(keyedState(h)).isEmpty();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void aRestoreMidStreamGivesTheUndisturbedRun(String backend) throws Exception {
    List<Step> steps = scenario(11);
    int cut = steps.size() / 2;
    List<MetricBucket> undisturbed;
    Map<String, String> undisturbedState;
    try (var h = cached(backend, 4_096)) {
      h.open();
      for (Step s : steps) s.apply(h);
      undisturbed = h.extractOutputValues();
      h.prepareSnapshotPreBarrier(1);
      undisturbedState = keyedState(h);
    }
    List<MetricBucket> restored = new ArrayList<>();
    OperatorSubtaskState snapshot;
    try (var h = cached(backend, 4_096)) {
      h.open();
      for (Step s : steps.subList(0, cut)) s.apply(h);
      restored.addAll(h.extractOutputValues());
      h.prepareSnapshotPreBarrier(1); // as Flink does before the barrier
      snapshot = h.snapshot(1, 1);
    }
    try (var h = cached(backend, 4_096)) {
      h.initializeState(snapshot);
      h.open();
      for (Step s : steps.subList(cut, steps.size())) s.apply(h);
      restored.addAll(h.extractOutputValues());
      h.prepareSnapshotPreBarrier(2);
      assertThat(keyedState(h)).isEqualTo(undisturbedState);
    }
    assertSameBuckets(restored, undisturbed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void aSnapshotTakenWhileFunctionsAreDirtyHoldsTheirLatestValues(String backend) throws Exception {
    List<Step> steps = scenario(13);
    int cut = steps.size() / 2;
    OperatorSubtaskState fromCache;
    OperatorSubtaskState fromPlain;
    try (var plain = uncached(backend);
        var cached = cached(backend, 4_096)) {
      plain.open();
      cached.open();
      for (Step s : steps.subList(0, cut)) {
        s.apply(plain);
        s.apply(cached);
      }
      // Nothing flushed yet: keyed state lags behind (else this test would prove nothing).
      assertThat(keyedState(cached)).isNotEqualTo(keyedState(plain));
      cached.prepareSnapshotPreBarrier(1);
      fromCache = cached.snapshot(1, 1);
      fromPlain = plain.snapshot(1, 1);
    }
    // Each snapshot restored into the uncached function: same state, then the same outputs.
    try (var a = uncached(backend);
        var b = uncached(backend)) {
      a.initializeState(fromCache);
      b.initializeState(fromPlain);
      a.open();
      b.open();
      assertThat(keyedState(a)).isNotEmpty().isEqualTo(keyedState(b));
      assertThat(a.numEventTimeTimers()).isEqualTo(b.numEventTimeTimers());
      for (Step s : steps.subList(cut, steps.size())) {
        s.apply(a);
        s.apply(b);
      }
      assertThat(b.extractOutputValues()).isNotEmpty();
      assertSameBuckets(a.extractOutputValues(), b.extractOutputValues());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void passingTheBoundFlushesEveryCachedFunction(String backend) throws Exception {
    try (var plain = uncached(backend);
        var cached = cached(backend, 2)) {
      plain.open();
      cached.open();
      for (String key : List.of("a", "b")) {
        send(plain, ProfileFunctionTest.invocation(key, 1_000, 100));
        send(cached, ProfileFunctionTest.invocation(key, 1_000, 100));
      }
      assertThat(keyedState(cached)).isEmpty(); // two functions: within the bound, cached only
      send(plain, ProfileFunctionTest.invocation("c", 1_000, 100));
      send(cached, ProfileFunctionTest.invocation("c", 1_000, 100));
      assertThat(keyedState(cached))
          .containsOnlyKeys(key("a"), key("b"), key("c"))
          .isEqualTo(keyedState(plain));
      // Later accesses read the flushed state back.
      send(plain, ProfileFunctionTest.invocation("a", 2_000, 300));
      send(cached, ProfileFunctionTest.invocation("a", 2_000, 300));
      plain.processWatermark(new Watermark(MINUTE));
      cached.processWatermark(new Watermark(MINUTE));
      assertSameBuckets(cached.extractOutputValues(), plain.extractOutputValues());
      assertThat(cached.extractOutputValues()).hasSize(3);
    }
  }

  /**
   * A savepoint of an older version (no legacy marker) whose bucket lacks a timer: the idle timer
   * iterates keyed state, so the cache must write its changes back first (else the bucket the
   * function opened, flushed and emitted since the restore would be found again and emitted twice).
   */
  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void theLegacyIdleTimerSeesTheCachedChanges(String backend) throws Exception {
    OperatorSubtaskState legacy;
    try (var old =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new OldVersionProfile()), in -> in.key, Types.STRING)) {
      old.setStateBackend(stateBackend(backend));
      old.open();
      send(old, ProfileFunctionTest.invocation("a", 1_000, 100));
      send(old, ProfileFunctionTest.invocation("b", 2_000, 200));
      legacy = old.snapshot(1, 1);
    }
    try (var plain = uncached(backend);
        var cached = cached(backend, 4_096)) {
      for (var h : List.of(plain, cached)) {
        h.initializeState(legacy);
        h.open();
        send(h, ProfileFunctionTest.invocation("a", 5 * MINUTE + 1_000, 300));
        h.prepareSnapshotPreBarrier(1); // the new bucket reaches keyed state
        h.processWatermark(new Watermark(6 * MINUTE)); // a's new bucket closes by its own timer
        h.processWatermark(new Watermark(3 * IDLE)); // idle timers: the legacy buckets close
      }
      assertThat(plain.extractOutputValues())
          .extracting(b -> b.functionName + "@" + b.bucketStart)
          .containsExactly("a@" + 5 * MINUTE, "b@0", "a@0");
      assertSameBuckets(cached.extractOutputValues(), plain.extractOutputValues());
      cached.prepareSnapshotPreBarrier(2);
      assertThat(keyedState(cached)).isEmpty();
      assertThat(keyedState(plain)).isEmpty();
      assertThat(cached.numEventTimeTimers()).isZero();
    }
  }

  /** Writes a profile as a version before every bucket had a timer did: only the idle timer. */
  private static final class OldVersionProfile
      extends KeyedProcessFunction<String, ProfileInput, MetricBucket> {
    @Override
    public void processElement(ProfileInput in, Context ctx, Collector<MetricBucket> out)
        throws Exception {
      BucketAccumulator acc = new BucketAccumulator(ctx.getCurrentKey(), 0, MINUTE);
      acc.add(in.event.invocation, PriceTable.defaults());
      getRuntimeContext().getMapState(StateDescriptors.openBuckets()).put(0L, acc);
      getRuntimeContext().getState(StateDescriptors.lastSeen()).update(in.event.timestamp);
      ctx.timerService().registerEventTimeTimer(IDLE + MINUTE - 1);
    }
  }

  @Test
  void theBoundMustBePositiveOrAutomatic() {
    ProfileFunction f = new ProfileFunction(MINUTE, IDLE, PriceTable.defaults());
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new ProfileOperator(f, -1));
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new ProfileOperator(f, StateCacheBound.AUTO, 0.9));
  }

  /** The harness's task manager has one slot; the JVM's heap is the test JVM's. */
  @Test
  void theAutomaticBoundIsDerivedFromTheHeapWhenTheOperatorOpens() throws Exception {
    var operator = new ProfileOperator(new ProfileFunction(MINUTE, IDLE, PriceTable.defaults()));
    try (var h = harness(operator, "rocksdb")) {
      h.open();
      long heap = Runtime.getRuntime().maxMemory();
      assertThat(operator.maxCachedFunctions())
          .isEqualTo(
              StateCacheBound.resolve(
                  StateCacheBound.AUTO,
                  heap,
                  1,
                  ProfileOperator.DEFAULT_HEAP_SHARE,
                  ProfileOperator.BYTES_PER_CACHED_FUNCTION))
          .isEqualTo(
              Math.max(
                  StateCacheBound.MIN_FUNCTIONS,
                  (int)
                      (heap
                          * ProfileOperator.DEFAULT_HEAP_SHARE
                          / ProfileOperator.BYTES_PER_CACHED_FUNCTION)));
    }
  }

  /** One input record or watermark, applied the same way to every harness. */
  private interface Step {
    void apply(KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, MetricBucket> h)
        throws Exception;
  }

  /**
   * Five functions over ~3 hours: invocations (some late), flows to a few destinations, billing
   * rows up to 3 hours late, a watermark trailing by 30 s; function "e" is silent for longer than
   * the idle timeout in the middle (evicted, then back).
   */
  private static List<Step> scenario(long seed) {
    Random random = new Random(seed);
    List<Step> steps = new ArrayList<>();
    long now = 0;
    long watermark = Long.MIN_VALUE;
    while (now < 3 * 60 * MINUTE) {
      now += 5_000 + random.nextInt(25_000);
      String key = KEYS[random.nextInt(KEYS.length)];
      boolean eSilent = now > 60 * MINUTE && now < 60 * MINUTE + 2 * IDLE;
      if (key.equals("e") && eSilent) key = "a";
      int kind = random.nextInt(20);
      TelemetryEvent e;
      if (kind < 10) {
        long lateBy = random.nextInt(8) == 0 ? 60_000 + random.nextInt(180_000) : 0;
        e = ProfileFunctionTest.invocation(key, now - lateBy, 10 + random.nextInt(900));
      } else if (kind < 17) {
        e = flow(key, (now - random.nextInt(200_000)) / 1000, "198.51.100." + random.nextInt(6));
      } else {
        long start = Math.floorDiv(now - random.nextInt(3 * 3_600_000), 3_600_000L) * 3_600_000L;
        e = ProfileFunctionTest.billing(key, start, 0.01 + random.nextInt(100) / 100.0);
      }
      steps.add(h -> send(h, e));
      if (now - 30_000 > watermark && random.nextInt(3) == 0) {
        long w = now - 30_000;
        watermark = w;
        steps.add(h -> h.processWatermark(new Watermark(w)));
      }
    }
    steps.add(h -> h.processWatermark(new Watermark(Long.MAX_VALUE)));
    return steps;
  }

  /** The profile's key of a test function. */
  private static String key(String function) {
    return "111122223333/us-east-1/" + function;
  }

  static TelemetryEvent flow(String fn, long startSeconds, String destination) {
    FlowRecord f = new FlowRecord();
    f.accountId = "111122223333";
    f.region = "us-east-1";
    f.functionName = fn;
    f.interfaceId = "eni-1";
    f.srcAddr = "10.0.0.1";
    f.dstAddr = destination;
    f.dstPort = destination.endsWith("5") ? 3333 : 443;
    f.bytes = 1000;
    f.packets = 3;
    f.logStatus = "OK";
    f.action = "ACCEPT";
    f.start = startSeconds;
    return TelemetryEvent.of(f);
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, MetricBucket> h,
      TelemetryEvent e)
      throws Exception {
    h.processElement(new StreamRecord<>(ProfileInput.of(e), e.timestamp));
  }

  private static void assertSameBuckets(List<MetricBucket> actual, List<MetricBucket> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int k = 0; k < expected.size(); k++) {
      assertThat(actual.get(k)).usingRecursiveComparison().isEqualTo(expected.get(k));
    }
  }

  /**
   * Every function's profile state in the keyed state backend (what a snapshot holds), buckets in
   * their serialised form; functions without any value are left out.
   */
  private static Map<String, String> keyedState(
      KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, MetricBucket> h)
      throws Exception {
    KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
    String current = backend.getCurrentKey();
    TreeSet<String> keys = new TreeSet<>();
    for (StateDescriptor<?, ?> d :
        List.of(
            StateDescriptors.openBuckets(),
            StateDescriptors.lastSeen(),
            StateDescriptors.closedThrough(),
            StateDescriptors.idleTimer(),
            StateDescriptors.knownDestinations())) {
      try (Stream<String> k = backend.getKeys(d.getName(), VoidNamespace.INSTANCE)) {
        keys.addAll(k.collect(Collectors.toList()));
      }
    }
    Map<String, String> state = new TreeMap<>();
    for (String key : keys) {
      backend.setCurrentKey(key);
      String value = profileOf(backend);
      if (!value.isEmpty()) state.put(key, value);
    }
    if (current != null) backend.setCurrentKey(current);
    return state;
  }

  private static String profileOf(KeyedStateBackend<String> backend) throws Exception {
    MapState<Long, BucketAccumulator> buckets =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            StateDescriptors.openBuckets());
    ValueState<Long> lastSeen =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, StateDescriptors.lastSeen());
    ValueState<Long> closed =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            StateDescriptors.closedThrough());
    ValueState<long[]> known =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            StateDescriptors.knownDestinations());
    ValueState<Long> idle =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, StateDescriptors.idleTimer());
    StringBuilder s = new StringBuilder();
    if (lastSeen.value() != null) s.append("last-seen=").append(lastSeen.value()).append(' ');
    if (closed.value() != null) s.append("closed-through=").append(closed.value()).append(' ');
    if (idle.value() != null) s.append("idle-timer=").append(idle.value()).append(' ');
    if (known.value() != null) {
      s.append("known=").append(java.util.Arrays.toString(known.value())).append(' ');
    }
    TreeMap<Long, String> open = new TreeMap<>();
    for (Map.Entry<Long, BucketAccumulator> e : buckets.entries()) {
      DataOutputSerializer out = new DataOutputSerializer(512);
      e.getValue().writeTo(out);
      open.put(e.getKey(), HexFormat.of().formatHex(out.getCopyOfBuffer()));
    }
    if (!open.isEmpty()) s.append("buckets=").append(open);
    return s.toString();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, MetricBucket>
      uncached(String backend) throws Exception {
    return harness(
        new KeyedProcessOperator<>(new ProfileFunction(MINUTE, IDLE, PriceTable.defaults())),
        backend);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, MetricBucket> cached(
      String backend, int bound) throws Exception {
    return harness(
        new ProfileOperator(new ProfileFunction(MINUTE, IDLE, PriceTable.defaults()), bound),
        backend);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, MetricBucket> harness(
      KeyedProcessOperator<String, ProfileInput, MetricBucket> operator, String backend)
      throws Exception {
    var h = new KeyedOneInputStreamOperatorTestHarness<>(operator, in -> in.key, Types.STRING);
    h.setStateBackend(stateBackend(backend));
    return h;
  }

  private static StateBackend stateBackend(String name) {
    if (name.equals("hashmap")) return new HashMapStateBackend();
    return new EmbeddedRocksDBStateBackend(false)
        .configure(new Configuration(), ProfileOperatorTest.class.getClassLoader());
  }
}
