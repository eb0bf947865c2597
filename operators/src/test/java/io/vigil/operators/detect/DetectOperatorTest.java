package io.vigil.operators.detect;

import static io.vigil.operators.detect.DetectScenario.IDLE;
import static io.vigil.operators.detect.DetectScenario.MINUTE;
import static io.vigil.operators.detect.DetectScenario.T0;
import static io.vigil.operators.detect.DetectScenario.bucket;
import static io.vigil.operators.detect.DetectScenario.emitted;
import static io.vigil.operators.detect.DetectScenario.key;
import static io.vigil.operators.detect.DetectScenario.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.detect.BudgetState;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.OpenIncident;
import io.vigil.models.profile.PriceTable;
import io.vigil.operators.StateCacheBound;
import io.vigil.operators.StateDescriptors;
import io.vigil.operators.detect.DetectScenario.Harness;
import io.vigil.operators.detect.DetectScenario.Step;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DetectOperator} (detection behind its write-back cache) against {@link DetectFunction} on
 * Flink's keyed state directly (Flink's own operator), on the heap and on RocksDB, over {@link
 * DetectScenario}: the same findings and suppressed findings, the same number of timers, the same
 * keyed state after every flush (idle functions cleared), snapshots that hold every cached change,
 * the flush when the cache passes its bound; and against the operator before the cache and the lazy
 * idle timer (commit 7945d74): the same findings, and its snapshots restore.
 */
class DetectOperatorTest {
  private static final long SEED = 42;
  private static final int MINUTES = 480;

  private static Stream<Arguments> backendsAndBounds() {
    return Stream.of("hashmap", "rocksdb")
        .flatMap(b -> Stream.of(1, 2, 4_096).map(bound -> Arguments.of(b, bound)));
  }

  @ParameterizedTest
  @MethodSource("backendsAndBounds")
  void sameOutputsTimersAndStateAsTheUncachedFunction(String backend, int bound) throws Exception {
    List<Step> steps = DetectScenario.steps(SEED, MINUTES);
    try (var plain = DetectScenario.uncached(backend);
        var cached = cached(backend, bound)) {
      plain.open();
      cached.open();
      for (int i = 0; i < steps.size(); i++) {
        steps.get(i).apply(plain);
        steps.get(i).apply(cached);
        assertThat(cached.numEventTimeTimers())
            .as("timers at step %d", i)
            .isEqualTo(plain.numEventTimeTimers());
        assertThat(cached.getOutput()).as("outputs at step %d", i).hasSameSizeAs(plain.getOutput());
        if (i % 300 == 299) {
          cached.prepareSnapshotPreBarrier(i);
          assertThat(keyedState(cached)).as("state at step %d", i).isEqualTo(keyedState(plain));
        }
      }
      assertThat(emitted(cached)).isEqualTo(emitted(plain));
      cached.prepareSnapshotPreBarrier(steps.size());
      assertThat(keyedState(cached)).isEqualTo(keyedState(plain)).isEmpty(); // all idle at the end
      assertThat(cached.numEventTimeTimers()).isZero();
      // The scenario exercises what it claims to.
      List<Finding> out = plain.extractOutputValues();
      assertThat(out).extracting(f -> f.type).contains("BUDGET_BURN", "ERROR_STORM");
      assertThat(out).anyMatch(f -> f.status.equals("RESOLVED") && idleResolved(f));
      assertThat(emitted(plain)).anyMatch(l -> l.startsWith("suppressed "));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void sameFindingsAsTheOperatorBeforeTheCache(String backend) throws Exception {
    List<Step> steps = DetectScenario.steps(SEED, MINUTES);
    List<String> recorded = recordedOutputs();
    try (var h = cached(backend, 4_096)) {
      h.open();
      assertThat(runRecordingSteps(h, steps, 0)).isEqualTo(byStep(recorded, 0));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void restoresASnapshotOfTheOperatorBeforeTheCache(String backend, @TempDir Path tmp)
      throws Exception {
    List<Step> steps = DetectScenario.steps(SEED, MINUTES);
    int cut = steps.size() / 2; // where the recording took its snapshot (after step cut - 1)
    Path file = tmp.resolve("snapshot");
    try (InputStream in =
        new GZIPInputStream(
            getClass()
                .getResourceAsStream("/state/detect-before-cache-" + backend + ".snapshot.gz"))) {
      Files.copy(in, file);
    }
    OperatorSubtaskState before = OperatorSnapshotUtil.readStateHandle(file.toString());
    try (var h = cached(backend, 4_096)) {
      h.initializeState(before);
      h.open();
      steps.get(0).apply(h); // watermarks are not in a snapshot: the control stream ends again
      assertThat(runRecordingSteps(h, steps, cut)).isEqualTo(byStep(recordedOutputs(), cut));
      h.prepareSnapshotPreBarrier(1);
      assertThat(keyedState(h)).isEmpty();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void aRestoreMidStreamGivesTheUndisturbedRun(String backend) throws Exception {
    List<Step> steps = DetectScenario.steps(SEED, MINUTES);
    int cut = steps.size() / 3;
    List<String> undisturbed;
    try (var h = cached(backend, 4_096)) {
      h.open();
      for (Step s : steps) s.apply(h);
      undisturbed = emitted(h);
    }
    List<String> restored = new ArrayList<>();
    OperatorSubtaskState snapshot;
    try (var h = cached(backend, 4_096)) {
      h.open();
      for (Step s : steps.subList(0, cut)) s.apply(h);
      restored.addAll(emitted(h));
      h.prepareSnapshotPreBarrier(1); // as Flink does before the barrier
      snapshot = h.snapshot(1, 1);
      // Carry on after the checkpoint: nothing of this run reaches the restored one.
      for (Step s : steps.subList(cut, cut + 200)) s.apply(h);
    }
    try (var h = cached(backend, 4_096)) {
      h.initializeState(snapshot);
      h.open();
      steps.get(0).apply(h);
      for (Step s : steps.subList(cut, steps.size())) s.apply(h);
      restored.addAll(emitted(h));
    }
    // Findings and suppressed findings each in order (each run lists its findings first).
    assertThat(only("out ", restored)).isEqualTo(only("out ", undisturbed));
    assertThat(only("suppressed ", restored))
        .isEqualTo(only("suppressed ", undisturbed))
        .isNotEmpty();
  }

  /**
   * A snapshot taken while the cache holds changes of every active function holds them all: the
   * operator without any cache, restored from it, carries on exactly as the undisturbed run.
   */
  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void aSnapshotTakenWhileKeysAreDirtyHoldsEveryChange(String backend) throws Exception {
    List<Step> steps = DetectScenario.steps(SEED, MINUTES);
    int cut = steps.size() / 2;
    List<String> undisturbed;
    try (var h = DetectScenario.uncached(backend)) {
      h.open();
      for (Step s : steps) s.apply(h);
      undisturbed = emitted(h);
    }
    List<String> restored = new ArrayList<>();
    OperatorSubtaskState snapshot;
    try (var plain = DetectScenario.uncached(backend);
        var h = cached(backend, 4_096)) {
      plain.open();
      h.open();
      for (Step s : steps.subList(0, cut)) {
        s.apply(plain);
        s.apply(h);
      }
      Map<String, String> exact = keyedState(plain);
      assertThat(exact).hasSizeGreaterThan(2);
      assertThat(keyedState(h)).as("dirty before the barrier").isNotEqualTo(exact);
      restored.addAll(emitted(h));
      h.prepareSnapshotPreBarrier(1);
      assertThat(keyedState(h)).isEqualTo(exact);
      snapshot = h.snapshot(1, 1);
    }
    try (var h = DetectScenario.uncached(backend)) {
      h.initializeState(snapshot);
      h.open();
      steps.get(0).apply(h);
      for (Step s : steps.subList(cut, steps.size())) s.apply(h);
      restored.addAll(emitted(h));
    }
    // Findings and suppressed findings each in order (each run lists its findings first).
    assertThat(only("out ", restored)).isEqualTo(only("out ", undisturbed));
    assertThat(only("suppressed ", restored))
        .isEqualTo(only("suppressed ", undisturbed))
        .isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void theCacheIsWrittenBackWhenMoreThanItsBoundOfFunctionsIsCached(String backend)
      throws Exception {
    try (var plain = DetectScenario.uncached(backend);
        var h = cached(backend, 2)) {
      plain.open();
      h.open();
      for (String fn : List.of("a", "b")) {
        send(plain, bucket(fn, 0, 100, 0, 0.001));
        send(h, bucket(fn, 0, 100, 0, 0.001));
      }
      assertThat(keyedState(h)).isEmpty(); // two functions: both in the cache only
      send(plain, bucket("c", 0, 100, 0, 0.001));
      send(h, bucket("c", 0, 100, 0, 0.001)); // the third passes the bound: all written back
      assertThat(keyedState(h)).containsOnlyKeys(key("a"), key("b"), key("c"));
      assertThat(keyedState(h)).isEqualTo(keyedState(plain));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void anIdleFunctionIsClearedAtOnceAndNotBroughtBackByALaterFlush(String backend)
      throws Exception {
    try (var h = cached(backend, 4_096)) {
      h.open();
      h.processBroadcastWatermark(Long.MAX_VALUE);
      for (long m = 0; m < 60; m++) send(h, bucket("a", m, 100, 0, 0.001));
      send(h, bucket("a", 60, 100, 70, 0.001)); // an error storm opens
      send(h, bucket("b", 60, 100, 0, 0.001));
      h.prepareSnapshotPreBarrier(1);
      assertThat(keyedState(h)).containsOnlyKeys(key("a"), key("b"));
      send(h, bucket("a", 61, 100, 70, 0.001)); // a dirty again, then idle
      send(h, bucket("b", 100, 100, 0, 0.001));
      h.processWatermark(T0 + 62 * MINUTE + IDLE);
      assertThat(h.extractOutputValues())
          .extracting(f -> f.status)
          .containsExactly("OPEN", "RESOLVED");
      assertThat(keyedState(h)).containsOnlyKeys(key("b")); // a cleared at once, b still cached
      h.prepareSnapshotPreBarrier(2);
      assertThat(keyedState(h)).containsOnlyKeys(key("b"));
      assertThat(h.numEventTimeTimers()).isEqualTo(1); // b's idle timer
      h.processWatermark(Long.MAX_VALUE);
      h.prepareSnapshotPreBarrier(3);
      assertThat(keyedState(h)).isEmpty();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  /**
   * One idle timer per function, left in place while buckets come; when it fires early it is set
   * again at the last bucket end + the timeout, where the operator before the lazy timer had it:
   * the quiet spell resolves at the same time, over the same window.
   */
  @ParameterizedTest
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void theIdleTimerIsSetOnceAndResolvesWhenTheFunctionHasBeenQuietForTheTimeout(String backend)
      throws Exception {
    try (var h = cached(backend, 4_096)) {
      h.open();
      h.processBroadcastWatermark(Long.MAX_VALUE);
      for (long m = 0; m < 60; m++) {
        send(h, bucket("a", m, 100, 0, 0.001));
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
      }
      send(h, bucket("a", 60, 100, 70, 0.001)); // open incident; last bucket ends at minute 61
      h.processWatermark(T0 + MINUTE + IDLE); // the first timer fires: set again, nothing out
      assertThat(h.numEventTimeTimers()).isEqualTo(1);
      assertThat(h.extractOutputValues()).hasSize(1);
      h.processWatermark(T0 + 61 * MINUTE + IDLE - 1);
      assertThat(h.extractOutputValues()).hasSize(1);
      h.processWatermark(T0 + 61 * MINUTE + IDLE);
      Finding resolved = h.extractOutputValues().get(1);
      assertThat(resolved.status).isEqualTo("RESOLVED");
      assertThat(resolved.windowStart).isEqualTo(T0 + 61 * MINUTE);
      assertThat(resolved.windowEnd).isEqualTo(T0 + 61 * MINUTE + IDLE);
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  private static List<String> only(String prefix, List<String> lines) {
    return lines.stream().filter(l -> l.startsWith(prefix)).toList();
  }

  private static boolean idleResolved(Finding f) {
    return f.windowEnd - f.windowStart == IDLE;
  }

  /** The harness's task manager has one slot; the JVM's heap is the test JVM's. */
  @Test
  void theAutomaticBoundIsDerivedFromTheHeapWhenTheOperatorOpens() throws Exception {
    var operator = new DetectOperator(new DetectFunction(PriceTable.defaults(), IDLE));
    try (Harness h = DetectScenario.harness(operator, "rocksdb")) {
      h.open();
      long heap = Runtime.getRuntime().maxMemory();
      assertThat(operator.maxCachedFunctions())
          .isEqualTo(
              Math.max(
                  StateCacheBound.MIN_FUNCTIONS,
                  (int)
                      (heap
                          * DetectOperator.DEFAULT_HEAP_SHARE
                          / DetectOperator.BYTES_PER_CACHED_FUNCTION)));
    }
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new DetectOperator(new DetectFunction(PriceTable.defaults(), IDLE), -1));
  }

  private static Harness cached(String backend, int bound) throws Exception {
    return DetectScenario.harness(
        new DetectOperator(new DetectFunction(PriceTable.defaults(), IDLE), bound), backend);
  }

  /**
   * Runs steps {@code from..} and returns what each emitted, as "step TAB line", sorted within a
   * step (the order of timers due at the same time is the timer queue's).
   */
  private static List<String> runRecordingSteps(Harness h, List<Step> steps, int from)
      throws Exception {
    List<String> lines = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (int i = from; i < steps.size(); i++) {
      steps.get(i).apply(h);
      List<String> now = emitted(h);
      List<String> fresh = new ArrayList<>(now);
      for (String l : seen) fresh.remove(l);
      seen = now;
      String step = i + "\t";
      fresh.stream().sorted().forEach(l -> lines.add(step + l));
    }
    return lines;
  }

  /** The recorded lines from step {@code from} on, sorted within a step. */
  private static List<String> byStep(List<String> recorded, int from) {
    TreeMap<Integer, List<String>> steps = new TreeMap<>();
    for (String r : recorded) {
      int tab = r.indexOf('\t');
      int step = Integer.parseInt(r.substring(0, tab));
      if (step >= from) steps.computeIfAbsent(step, s -> new ArrayList<>()).add(r);
    }
    List<String> lines = new ArrayList<>();
    for (List<String> l : steps.values()) l.stream().sorted().forEach(lines::add);
    return lines;
  }

  /**
   * The findings of {@link DetectScenario} (seed 42, 480 minutes) on Flink's operator running the
   * detect function of commit 7945d74 (no cache, the idle timer moved on every bucket), as "step
   * TAB line"; identical on the heap and on RocksDB. The snapshots beside it were taken by the same
   * runs after step {@code steps.size() / 2 - 1} ({@code OperatorSnapshotUtil.writeStateHandle}).
   */
  private static List<String> recordedOutputs() throws Exception {
    try (InputStream in =
        DetectOperatorTest.class.getResourceAsStream("/state/detect-before-cache-outputs.txt")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .lines()
          .toList();
    }
  }

  /**
   * Every function's detection state in the keyed state backend (what a snapshot holds), values in
   * their serialised form; functions without any value are left out.
   */
  static Map<String, String> keyedState(Harness h) throws Exception {
    KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
    String current = backend.getCurrentKey();
    TreeSet<String> keys = new TreeSet<>();
    for (StateDescriptor<?, ?> d :
        List.of(
            StateDescriptors.baseline(),
            StateDescriptors.openIncidents(),
            StateDescriptors.lastSeen(),
            StateDescriptors.idleTimer(),
            StateDescriptors.budget())) {
      try (Stream<String> k = backend.getKeys(d.getName(), VoidNamespace.INSTANCE)) {
        keys.addAll(k.collect(Collectors.toList()));
      }
    }
    Map<String, String> state = new TreeMap<>();
    for (String key : keys) {
      backend.setCurrentKey(key);
      String value = stateOf(backend);
      if (!value.isEmpty()) state.put(key, value);
    }
    if (current != null) backend.setCurrentKey(current);
    return state;
  }

  private static String stateOf(KeyedStateBackend<String> backend) throws Exception {
    ValueState<FunctionBaseline> baseline = value(backend, StateDescriptors.baseline());
    ValueState<Long> last = value(backend, StateDescriptors.lastSeen());
    ValueState<Long> timer = value(backend, StateDescriptors.idleTimer());
    ValueState<BudgetState> budget = value(backend, StateDescriptors.budget());
    MapState<String, OpenIncident> incidents =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            StateDescriptors.openIncidents());
    StringBuilder s = new StringBuilder();
    if (last.value() != null) s.append("last=").append(last.value()).append(' ');
    if (timer.value() != null) s.append("timer=").append(timer.value()).append(' ');
    if (baseline.value() != null) {
      s.append("baseline=").append(hex(FunctionBaselineSerializer.INSTANCE, baseline.value()));
    }
    if (budget.value() != null) {
      s.append(" budget=").append(hex(serializer(BudgetState.class), budget.value()));
    }
    TreeMap<String, String> open = new TreeMap<>();
    for (Map.Entry<String, OpenIncident> e : incidents.entries()) {
      open.put(e.getKey(), hex(serializer(OpenIncident.class), e.getValue()));
    }
    if (!open.isEmpty()) s.append(" incidents=").append(open);
    return s.toString();
  }

  private static <T> ValueState<T> value(
      KeyedStateBackend<String> backend,
      org.apache.flink.api.common.state.ValueStateDescriptor<T> d)
      throws Exception {
    return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d);
  }

  private static <T> TypeSerializer<T> serializer(Class<T> type) {
    return TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
  }

  private static <T> String hex(TypeSerializer<T> serializer, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(512);
    serializer.serialize(value, out);
    return HexFormat.of().formatHex(out.getCopyOfBuffer());
  }
}
