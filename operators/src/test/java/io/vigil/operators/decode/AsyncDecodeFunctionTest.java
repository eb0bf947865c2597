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
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The pooled decode in Flink's ordered AsyncWaitOperator: the same records, dead letters and
 * watermarks in the same order as {@link DecodeFunction} on the task thread; records in flight at a
 * snapshot decoded after the restore; a record past the timeout dead-lettered, the job going on.
 */
class AsyncDecodeFunctionTest {
  private static final DecoderConfig CONFIG = new DecoderConfig();

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
      AsyncDecodeFunction fn, long timeoutMs) throws Exception {
    return new OneInputStreamOperatorTestHarness<>(
        new AsyncWaitOperatorFactory<>(fn, timeoutMs, 8, AsyncDataStream.OutputMode.ORDERED),
        TypeInformation.of(RawRecord.class).createSerializer(new SerializerConfigImpl()));
  }

  /** Records and watermarks as text, in output order: records as the JSON of what they carry. */
  private static List<String> stream(Collection<Object> output) throws Exception {
    List<String> out = new ArrayList<>();
    for (Object o : output) {
      if (o instanceof Watermark w) out.add("watermark " + w.getTimestamp());
      else out.add(Json.MAPPER.writeValueAsString(((StreamRecord<?>) o).getValue()));
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

  @Test
  void recordsDeadLettersAndWatermarksLeaveInInputOrder() throws Exception {
    List<RawRecord> records = records();
    List<String> out;
    try (var h = pooled(new AsyncDecodeFunction(CONFIG, 3, Duration.ofMinutes(1)), 60_000)) {
      h.open();
      for (int i = 0; i < records.size(); i++) {
        h.processElement(new StreamRecord<>(records.get(i), i));
        if (i % 5 == 4) h.processWatermark(new Watermark(i));
      }
      h.endInput();
      out = stream(h.getOutput());
    }
    List<String> expected = synchronous(records, true);
    assertThat(out).isEqualTo(expected);
    assertThat(String.join("\n", expected))
        .contains("\"reason\":\"bad-gzip\"")
        .contains("\"reason\":\"unsupported-format\"")
        .contains("\"invocation\":{");
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
    List<RawRecord> records = records().subList(0, 8);
    OperatorSubtaskState snapshot;
    Gated.gate = new CountDownLatch(1); // never opened: nothing completes before the snapshot
    try (var h = pooled(new Gated(), 60_000)) {
      h.open();
      for (int i = 0; i < records.size(); i++) {
        h.processElement(new StreamRecord<>(records.get(i), i));
      }
      snapshot = h.snapshot(1, 1);
      assertThat(h.getOutput()).isEmpty();
    }
    List<String> out;
    try (var h = pooled(new AsyncDecodeFunction(CONFIG, 2, Duration.ofMinutes(1)), 60_000)) {
      h.initializeState(snapshot);
      h.open();
      h.endInput();
      out = stream(h.getOutput());
    }
    assertThat(out).isEqualTo(synchronous(records, false));
  }

  @Test
  void aRecordPastTheTimeoutBecomesADeadLetterAndTheNextOnesFlow() throws Exception {
    List<RawRecord> records = records().subList(0, 2);
    Gated.gate = new CountDownLatch(1);
    List<DecodedRecord> out;
    try (var h = pooled(new Gated(), 100)) {
      h.open();
      h.processElement(new StreamRecord<>(records.get(0), 0));
      h.setProcessingTime(101); // the timeout fires
      Gated.gate.countDown(); // the late result is dropped, not emitted twice
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
              assertThat(d.reason).isEqualTo(AsyncDecodeFunction.TIMEOUT);
              assertThat(d.sequenceNumber).isEqualTo(records.get(0).sequenceNumber);
            });
    assertThat(Json.MAPPER.writeValueAsString(out.get(1)))
        .isEqualTo(synchronous(records.subList(1, 2), false).get(0));
  }

  /** Decodes on the pool but hands the result over only once the test opens the gate. */
  static final class Gated extends AsyncDecodeFunction {
    static volatile CountDownLatch gate;

    Gated() {
      super(CONFIG, 2, Duration.ofMinutes(1));
    }

    @Override
    public void asyncInvoke(RawRecord record, ResultFuture<DecodedRecord> result) {
      CountDownLatch latch = gate;
      super.asyncInvoke(
          record,
          new ResultFuture<>() {
            @Override
            public void complete(Collection<DecodedRecord> decoded) {
              try {
                latch.await();
                result.complete(decoded);
              } catch (InterruptedException closed) {
                Thread.currentThread().interrupt(); // the harness closed: never completed
              }
            }

            @Override
            public void completeExceptionally(Throwable error) {
              result.completeExceptionally(error);
            }
          });
    }
  }
}
