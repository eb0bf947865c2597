package io.vigil.operators.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.Json;
import io.vigil.models.decode.DecoderConfig;
import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import io.vigil.operators.OutputTags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.functions.async.AsyncFunction;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The pooled decode: the same records, dead letters and watermarks in the same order as {@link
 * DecodeFunction} on the task thread, whatever the batch size; records in flight at a snapshot
 * (handed over or still in the open batch) decoded after the restore, including a snapshot of
 * Flink's AsyncWaitOperator, which this operator replaced under the same uid; a batch past the
 * timeout dead-lettered, the job going on.
 */
class DecodePoolOperatorTest {
  private static final DecoderConfig CONFIG = new DecoderConfig();
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** Simulated records with every 7th corrupted, plus a record of an unknown stream. */
  private static List<RawRecord> records() {
    SimulationConfig sim = new SimulationConfig();
    sim.functions = 12;
    sim.corruptEvery = 7;
    FleetSimulator fleet = new FleetSimulator(sim);
    List<RawRecord> out = new ArrayList<>();
    for (int m = 0; m < 3; m++) out.addAll(fleet.nextMinute());
    RawRecord unknown = new RawRecord(StreamKind.LAMBDA_LOGS, "k", "shardId-0", "x", 0, 0, null);
    unknown.stream = "no-such-stream";
    unknown.data = new byte[] {1, 2, 3};
    out.add(3, unknown);
    return out;
  }

  private static OneInputStreamOperatorTestHarness<RawRecord, DecodedRecord> pooled(
      int threads, int capacity, int batch, Duration timeout, DecodePoolOperator.DecodeStep step)
      throws Exception {
    return new OneInputStreamOperatorTestHarness<>(
        DecodePoolOperator.factory(CONFIG, threads, capacity, batch, timeout, step),
        rawSerializer());
  }

  private static OneInputStreamOperatorTestHarness<RawRecord, DecodedRecord> pooled(
      int threads, int capacity, int batch) throws Exception {
    return pooled(threads, capacity, batch, MINUTE, DecodePoolOperator.DecodeStep.DECODE);
  }

  private static org.apache.flink.api.common.typeutils.TypeSerializer<RawRecord> rawSerializer() {
    return TypeInformation.of(RawRecord.class).createSerializer(new SerializerConfigImpl());
  }

  /** Records and watermarks as text, in output order: records as the JSON of what they carry. */
  private static List<String> stream(Collection<Object> output) throws Exception {
    List<String> out = new ArrayList<>();
    for (Object o : output) {
      if (o instanceof Watermark w) out.add("watermark " + w.getTimestamp());
      else if (o instanceof StreamRecord<?> r)
        out.add(Json.MAPPER.writeValueAsString(r.getValue()));
    }
    return out;
  }

  /** What {@link DecodeFunction} emits for the records, as one {@link DecodedRecord} each. */
  private static List<String> synchronous(List<RawRecord> records, boolean watermarks)
      throws Exception {
    List<String> out = new ArrayList<>();
    RecordDecoder decoder = new RecordDecoder(CONFIG);
    for (int i = 0; i < records.size(); i++) {
      out.add(
          Json.MAPPER.writeValueAsString(
              DecodedRecord.of(decoder.decode(records.get(i)), records.get(i))));
      if (watermarks && i % 5 == 4) out.add("watermark " + i);
    }
    return out;
  }

  private static List<String> decodeWithWatermarks(int batch) throws Exception {
    List<RawRecord> records = records();
    try (var h = pooled(3, 8, batch)) {
      h.open();
      for (int i = 0; i < records.size(); i++) {
        h.processElement(new StreamRecord<>(records.get(i), i));
        if (i % 5 == 4) h.processWatermark(new Watermark(i));
      }
      h.endInput();
      return stream(h.getOutput());
    }
  }

  @Test
  void recordsDeadLettersAndWatermarksLeaveInInputOrderWhateverTheBatch() throws Exception {
    List<String> expected = synchronous(records(), true);
    assertThat(String.join("\n", expected))
        .contains("\"reason\":\"bad-gzip\"")
        .contains("\"reason\":\"unsupported-format\"")
        .contains("\"invocation\":{");
    for (int batch : new int[] {1, 3, 8}) {
      assertThat(decodeWithWatermarks(batch)).as("batch " + batch).isEqualTo(expected);
    }
  }

  @Test
  void outputsKeepTheirInputTimestamps() throws Exception {
    List<RawRecord> records = records().subList(0, 5);
    try (var h = pooled(2, 4, 2)) {
      h.open();
      for (int i = 0; i < records.size(); i++) {
        h.processElement(new StreamRecord<>(records.get(i), 1000 + i));
      }
      h.endInput();
      List<Long> stamps = new ArrayList<>();
      for (Object o : h.getOutput()) stamps.add(((StreamRecord<?>) o).getTimestamp());
      assertThat(stamps).containsExactly(1000L, 1001L, 1002L, 1003L, 1004L);
    }
  }

  @Test
  void theSplitEmitsWhatTheSynchronousDecodeEmits() throws Exception {
    List<RawRecord> records = records();
    RecordDecoder decoder = new RecordDecoder(CONFIG);
    try (var sync =
            new OneInputStreamOperatorTestHarness<RawRecord, TelemetryEvent>(
                new ProcessOperator<>(new DecodeFunction(CONFIG)));
        var split =
            new OneInputStreamOperatorTestHarness<DecodedRecord, TelemetryEvent>(
                new ProcessOperator<>(new EmitDecodedFunction()))) {
      sync.open();
      split.open();
      for (RawRecord r : records) {
        sync.processElement(new StreamRecord<>(r, 0));
        split.processElement(new StreamRecord<>(DecodedRecord.of(decoder.decode(r), r), 0));
      }
      assertThat(split.extractOutputValues()).isNotEmpty().isEqualTo(sync.extractOutputValues());
      assertThat(stream(new ArrayList<>(split.getSideOutput(OutputTags.DEAD_LETTERS))))
          .isNotEmpty()
          .isEqualTo(stream(new ArrayList<>(sync.getSideOutput(OutputTags.DEAD_LETTERS))));
    }
  }

  @Test
  void recordsInFlightAtASnapshotAreDecodedAfterTheRestore() throws Exception {
    // 7 records in batches of 3: two batches handed over (held back), one record still open
    List<RawRecord> records = records().subList(0, 7);
    OperatorSubtaskState snapshot;
    Gate.latch = new CountDownLatch(1); // never opened: nothing completes before the snapshot
    try (var h = pooled(2, 8, 3, MINUTE, new Gate())) {
      h.open();
      for (int i = 0; i < records.size(); i++) {
        h.processElement(new StreamRecord<>(records.get(i), i));
      }
      h.processWatermark(new Watermark(6));
      snapshot = h.snapshot(1, 1);
      assertThat(h.getOutput()).isEmpty();
    }
    List<String> out;
    try (var h = pooled(2, 8, 3)) {
      h.initializeState(snapshot);
      h.open();
      h.endInput();
      out = stream(h.getOutput());
    }
    List<String> expected = synchronous(records, false);
    expected.add("watermark 6");
    assertThat(out).isEqualTo(expected);
  }

  @Test
  void aSnapshotOfFlinksAsyncOperatorRestoresHere() throws Exception {
    List<RawRecord> records = records().subList(0, 6);
    OperatorSubtaskState snapshot;
    try (var old =
        new OneInputStreamOperatorTestHarness<>(
            new AsyncWaitOperatorFactory<>(
                new NeverCompletes(), 60_000, 8, AsyncDataStream.OutputMode.ORDERED),
            rawSerializer())) {
      old.open();
      for (int i = 0; i < records.size(); i++) {
        old.processElement(new StreamRecord<>(records.get(i), i));
        if (i == 2) old.processWatermark(new Watermark(2));
      }
      snapshot = old.snapshot(1, 1);
    }
    List<String> out;
    try (var h = pooled(2, 8, 4)) {
      h.initializeState(snapshot);
      h.open();
      h.endInput();
      out = stream(h.getOutput());
    }
    List<String> expected = synchronous(records, false);
    expected.add(3, "watermark 2");
    assertThat(out).isEqualTo(expected);
  }

  @Test
  void aBatchPastTheTimeoutBecomesDeadLettersAndTheNextOnesFlow() throws Exception {
    List<RawRecord> records = records().subList(0, 2);
    Gate.latch = new CountDownLatch(1);
    List<DecodedRecord> out;
    try (var h = pooled(2, 4, 1, Duration.ofMillis(100), new Gate())) {
      h.open();
      h.processElement(new StreamRecord<>(records.get(0), 0));
      h.setProcessingTime(101); // the timeout fires
      Gate.latch.countDown(); // the late result is dropped, not emitted twice
      h.processElement(new StreamRecord<>(records.get(1), 1));
      h.endInput();
      out = h.extractOutputValues();
    }
    assertThat(out).hasSize(2);
    assertThat(out.get(0).events).isEmpty();
    assertThat(out.get(0).deadLetters)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason).isEqualTo(DecodePoolOperator.TIMEOUT);
              assertThat(d.sequenceNumber).isEqualTo(records.get(0).sequenceNumber);
            });
    assertThat(Json.MAPPER.writeValueAsString(out.get(1)))
        .isEqualTo(synchronous(records.subList(1, 2), false).get(0));
  }

  @Test
  void aPartBatchGoesAfterTheLinger() throws Exception {
    List<RawRecord> records = records().subList(0, 2);
    Counting.decoded = new java.util.concurrent.atomic.AtomicInteger();
    try (var h = pooled(2, 8, 4, MINUTE, new Counting())) {
      h.open();
      h.processElement(new StreamRecord<>(records.get(0), 0));
      h.processElement(new StreamRecord<>(records.get(1), 1));
      h.setProcessingTime(DecodePoolOperator.LINGER_MS - 1);
      Thread.sleep(50);
      assertThat(Counting.decoded.get()).isZero(); // the batch waits for two more records
      h.setProcessingTime(DecodePoolOperator.LINGER_MS); // the linger: handed over as it is
      long until = System.currentTimeMillis() + 10_000;
      while (Counting.decoded.get() < 2 && System.currentTimeMillis() < until) Thread.sleep(5);
      assertThat(Counting.decoded.get()).isEqualTo(2);
      h.endInput();
      assertThat(stream(h.getOutput())).isEqualTo(synchronous(records, false));
    }
  }

  /** Decodes and counts the records decoded. */
  static final class Counting implements DecodePoolOperator.DecodeStep {
    static volatile java.util.concurrent.atomic.AtomicInteger decoded;

    @Override
    public DecodedRecord apply(RecordDecoder decoder, RawRecord record) {
      DecodedRecord out = DECODE.apply(decoder, record);
      decoded.incrementAndGet();
      return out;
    }
  }

  /** Decodes, then holds the result until the test opens the latch. */
  static final class Gate implements DecodePoolOperator.DecodeStep {
    static volatile CountDownLatch latch;

    @Override
    public DecodedRecord apply(RecordDecoder decoder, RawRecord record) {
      DecodedRecord decoded = DECODE.apply(decoder, record);
      try {
        latch.await();
      } catch (InterruptedException closed) {
        Thread.currentThread().interrupt(); // the harness closed: never completed
      }
      return decoded;
    }
  }

  /** Flink's async function that never completes: its records stay in flight. */
  static final class NeverCompletes implements AsyncFunction<RawRecord, DecodedRecord> {
    @Override
    public void asyncInvoke(RawRecord input, ResultFuture<DecodedRecord> resultFuture) {}
  }
}
