package io.vigil.operators.detect;

import static io.vigil.operators.detect.FunctionBaselineSerializerTest.assertDeepEquals;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.FunctionDetectors;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.settings.DetectorSettings;
import io.vigil.operators.StateDescriptors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keyed state {@code baseline} written by Flink's POJO serializer (what every savepoint before
 * {@link FunctionBaselineSerializer} holds) restores through {@link StateDescriptors#baseline()} on
 * the heap and on RocksDB with every field equal; the restored job's next snapshot holds the new
 * form and restores again. On RocksDB a value left in the POJO form would fail that second restore
 * (the POJO form's first byte is its flags, 2, a form no version writes), so it proves the
 * migration rewrote it.
 */
class FunctionBaselineMigrationTest {
  private static final List<String> KEYS =
      List.of("111122223333/us-east-1/a", "111122223333/us-east-1/b", "444455556666/eu-west-1/c");

  /** The keyed state exactly as the job declared it before: POJO type information. */
  static ValueStateDescriptor<FunctionBaseline> pojoBaseline() {
    return new ValueStateDescriptor<>("baseline", TypeInformation.of(FunctionBaseline.class));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void pojoFormStateRestoresWithEveryFieldAndIsRewrittenInTheNewForm(String backend)
      throws Exception {
    Map<String, FunctionBaseline> expected = new HashMap<>();
    OperatorSubtaskState pojoSnapshot;
    try (var writer = harness(new Learn(pojoBaseline()), backend)) {
      writer.open();
      FunctionDetectors detectors =
          new FunctionDetectors(new DetectorSettings(), PriceTable.defaults());
      for (int m = 0; m < 300; m++) {
        for (int k = 0; k < KEYS.size(); k++) {
          MetricBucket b = bucket(KEYS.get(k), m, k);
          writer.processElement(new StreamRecord<>(b, b.bucketEnd - 1));
          detectors.evaluate(
              b, expected.computeIfAbsent(b.functionKey, x -> new FunctionBaseline()));
        }
      }
      pojoSnapshot = writer.snapshot(1, 1);
    }
    assertThat(expected.get(KEYS.get(0)).buckets).isEqualTo(300);

    OperatorSubtaskState migrated;
    try (var reader = harness(new Emit(StateDescriptors.baseline()), backend)) {
      reader.initializeState(pojoSnapshot);
      reader.open();
      assertEmitsExpected(reader, expected);
      migrated = reader.snapshot(2, 2);
    }
    try (var again = harness(new Emit(StateDescriptors.baseline()), backend)) {
      again.initializeState(migrated);
      again.open();
      assertEmitsExpected(again, expected);
    }
  }

  private static void assertEmitsExpected(
      KeyedOneInputStreamOperatorTestHarness<String, MetricBucket, FunctionBaseline> h,
      Map<String, FunctionBaseline> expected)
      throws Exception {
    for (String key : KEYS) {
      h.processElement(new StreamRecord<>(bucket(key, 10_000, 0), 0));
      List<FunctionBaseline> out = h.extractOutputValues();
      assertThat(out).as(key).hasSize(1);
      assertDeepEquals(out.get(0), expected.get(key));
      h.getOutput().clear();
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, MetricBucket, FunctionBaseline>
      harness(KeyedProcessFunction<String, MetricBucket, FunctionBaseline> f, String backend)
          throws Exception {
    var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(f), (MetricBucket b) -> b.functionKey, Types.STRING);
    h.setStateBackend(stateBackend(backend));
    return h;
  }

  private static StateBackend stateBackend(String name) {
    if (name.equals("hashmap")) return new HashMapStateBackend();
    EmbeddedRocksDBStateBackend rocks = new EmbeddedRocksDBStateBackend(false);
    return rocks.configure(
        new Configuration(), FunctionBaselineMigrationTest.class.getClassLoader());
  }

  private static MetricBucket bucket(String key, long minute, int variant) {
    MetricBucket b = FunctionBaselineSerializerTest.bucket(minute, 30 + (minute + variant) % 7);
    b.functionKey = key;
    return b;
  }

  /** Runs the detectors on each bucket with the state under the given descriptor. */
  static final class Learn extends KeyedProcessFunction<String, MetricBucket, FunctionBaseline> {
    private final ValueStateDescriptor<FunctionBaseline> descriptor;
    private transient ValueState<FunctionBaseline> state;
    private transient FunctionDetectors detectors;

    Learn(ValueStateDescriptor<FunctionBaseline> descriptor) {
      this.descriptor = descriptor;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
      state = getRuntimeContext().getState(descriptor);
      detectors = new FunctionDetectors(new DetectorSettings(), PriceTable.defaults());
    }

    @Override
    public void processElement(MetricBucket b, Context ctx, Collector<FunctionBaseline> out)
        throws Exception {
      FunctionBaseline s = state.value();
      if (s == null) s = new FunctionBaseline();
      detectors.evaluate(b, s);
      state.update(s);
    }
  }

  /** Emits the key's state as it is (reads only). */
  static final class Emit extends KeyedProcessFunction<String, MetricBucket, FunctionBaseline> {
    private final ValueStateDescriptor<FunctionBaseline> descriptor;
    private transient ValueState<FunctionBaseline> state;

    Emit(ValueStateDescriptor<FunctionBaseline> descriptor) {
      this.descriptor = descriptor;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
      state = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(MetricBucket b, Context ctx, Collector<FunctionBaseline> out)
        throws Exception {
      out.collect(state.value());
    }
  }
}
