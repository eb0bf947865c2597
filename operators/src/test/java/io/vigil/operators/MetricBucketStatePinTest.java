package io.vigil.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.operators.sink.es.FindingWithTraffic;
import io.vigil.operators.sink.es.NetworkTrafficJoin;
import io.vigil.testkit.domain.MetricBucketBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Why {@link MetricBucket} stays in {@code io.vigil.models.finding} although the profile produces
 * it (issue 14): two states of the job write its fully-qualified class name into every checkpoint
 * and savepoint (Flink's POJO serializer snapshot names the class and each field's declaring
 * class), and a snapshot naming a class that no longer exists does not restore ("Could not find
 * class ... in classpath"). If one of these tests fails, the pin is gone: update the README's
 * layout section and {@code docs/tools/models-package-moves.sh} before moving the class.
 */
class MetricBucketStatePinTest {
  static final String NAME = MetricBucket.class.getName();

  /** Keyed state {@code es-window-traffic} of uid {@code es-findings-traffic-join} (with ES). */
  @Test
  void theElasticsearchTrafficJoinStateNamesTheClass() throws Exception {
    try (var h =
        new KeyedTwoInputStreamOperatorTestHarness<
            String, Finding, MetricBucket, FindingWithTraffic>(
            new KeyedCoProcessOperator<>(new NetworkTrafficJoin()),
            f -> f.functionKey,
            b -> b.functionKey,
            Types.STRING)) {
      h.open();
      MetricBucket withTraffic =
          MetricBucketBuilder.bucket("123456789012/eu-west-1/orders", 1_762_000_000_000L)
              .topDestination("198.51.100.1", 4096, 443)
              .build();
      h.processElement2(new StreamRecord<>(withTraffic, withTraffic.bucketEnd - 1));
      OperatorSubtaskState snapshot = h.snapshot(1, 1);
      assertThat(snapshot.getManagedKeyedState()).isNotEmpty();
      String bytes = text(snapshot.getManagedKeyedState().stream().map(this::delegate).toList());
      assertThat(bytes).contains("es-window-traffic").contains(NAME);
    }
  }

  /**
   * Operator list state of the async lookup (uid {@code lookup-function-buckets}, with {@code
   * vigil.functions.lookup}): its element serializer's snapshot is written even when no bucket is
   * in flight, so a drained stop-with-savepoint pins the class name too.
   */
  @Test
  void theAsyncLookupQueueNamesTheClassEvenWhenEmpty() throws Exception {
    var serializer =
        TypeInformation.of(MetricBucket.class).createSerializer(new SerializerConfigImpl());
    try (var h =
        new OneInputStreamOperatorTestHarness<MetricBucket, MetricBucket>(
            new AsyncWaitOperatorFactory<>(
                new NeverAnswers(), 10_000, 10, AsyncDataStream.OutputMode.ORDERED),
            serializer)) {
      h.open();
      OperatorSubtaskState snapshot = h.snapshot(1, 1);
      Collection<OperatorStateHandle> handles = snapshot.getManagedOperatorState();
      assertThat(handles).isNotEmpty();
      String bytes =
          text(handles.stream().map(OperatorStateHandle::getDelegateStateHandle).toList());
      assertThat(bytes).contains(NAME);
    }
  }

  /**
   * What a move does to those states on restore: the snapshot is read back under the class name it
   * recorded, here one that no longer exists (same length, so the byte layout is unchanged).
   */
  @Test
  void aSnapshotNamingAMovedClassDoesNotRestore() throws Exception {
    TypeSerializerSnapshot<MetricBucket> snapshot =
        TypeInformation.of(MetricBucket.class)
            .createSerializer(new SerializerConfigImpl())
            .snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(4096);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    String gone = NAME.substring(0, NAME.length() - 1) + "_";
    byte[] moved =
        new String(out.getCopyOfBuffer(), StandardCharsets.ISO_8859_1)
            .replace(NAME, gone)
            .getBytes(StandardCharsets.ISO_8859_1);
    ClassLoader loader = getClass().getClassLoader();
    assertThatThrownBy(
            () ->
                TypeSerializerSnapshot.readVersionedSnapshot(
                    new DataInputDeserializer(moved), loader))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Could not find class '" + gone + "'");
  }

  private StreamStateHandle delegate(Object keyed) {
    return ((KeyGroupsStateHandle) keyed).getDelegateStateHandle();
  }

  private static String text(Collection<StreamStateHandle> handles) throws IOException {
    StringBuilder all = new StringBuilder();
    for (StreamStateHandle handle : handles) {
      try (InputStream in = handle.openInputStream()) {
        all.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
      }
    }
    return all.toString();
  }

  /** Keeps the queue as it is: the snapshot is taken of the operator, not of a lookup. */
  static final class NeverAnswers implements AsyncFunction<MetricBucket, MetricBucket> {
    @Override
    public void asyncInvoke(MetricBucket in, ResultFuture<MetricBucket> out) {}
  }
}
