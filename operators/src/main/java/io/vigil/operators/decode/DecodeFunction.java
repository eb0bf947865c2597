package io.vigil.operators.decode;

import io.vigil.models.decode.DecodeFailure;
import io.vigil.models.decode.DecodeResult;
import io.vigil.models.decode.DecoderConfig;
import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.operators.OutputTags;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes raw Kinesis records of all three streams into telemetry events on the task thread.
 * Anything that cannot be decoded goes to {@link OutputTags#DEAD_LETTERS} with its reason and line
 * index and is counted per reason; this function never throws on input. {@link DecodePoolOperator}
 * with {@link EmitDecodedFunction} is the same stage on a pool of threads (same uid, same outputs).
 */
public class DecodeFunction extends ProcessFunction<RawRecord, TelemetryEvent> {
  public static final String UID = "decode-records";
  public static final String NAME = "Decode AWS records";

  private final DecoderConfig config;

  private transient RecordDecoder decoder;
  private transient DecodeCounters counters;

  public DecodeFunction(DecoderConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) {
    decoder = new RecordDecoder(config);
    counters = new DecodeCounters(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(RawRecord record, Context ctx, Collector<TelemetryEvent> out) {
    DecodeResult result = decoder.decode(record);
    counters.record(result.controlMessages, result.skippedLines);
    for (TelemetryEvent e : result.events) {
      counters.event(e);
      out.collect(e);
    }
    for (DecodeFailure f : result.failures) {
      counters.deadLetter(f.reason());
      ctx.output(OutputTags.DEAD_LETTERS, f.toDeadLetter(record));
    }
  }
}
