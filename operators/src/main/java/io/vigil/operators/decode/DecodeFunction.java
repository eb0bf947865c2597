package io.vigil.operators.decode;

import io.vigil.models.decode.DecodeFailure;
import io.vigil.models.decode.DecodeResult;
import io.vigil.models.decode.DecoderConfig;
import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.operators.OutputTags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes raw Kinesis records of all three streams into telemetry events. Anything that cannot be
 * decoded goes to {@link OutputTags#DEAD_LETTERS} with its reason and line index and is counted per
 * reason; this function never throws on input.
 */
public class DecodeFunction extends ProcessFunction<RawRecord, TelemetryEvent> {
  public static final String UID = "decode-records";
  public static final String NAME = "Decode AWS records";

  private final DecoderConfig config;

  private transient RecordDecoder decoder;
  private transient MetricGroup metrics;
  private transient Map<String, Counter> eventsIn;
  private transient Map<String, Counter> deadLetters;
  private transient Counter recordsIn;
  private transient Counter controlMessages;
  private transient Counter skippedLines;

  public DecodeFunction(DecoderConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) {
    decoder = new RecordDecoder(config);
    metrics = getRuntimeContext().getMetricGroup();
    eventsIn = new ConcurrentHashMap<>();
    deadLetters = new ConcurrentHashMap<>();
    recordsIn = metrics.counter("recordsIn");
    controlMessages = metrics.counter("controlMessages");
    skippedLines = metrics.counter("skippedLines");
  }

  @Override
  public void processElement(RawRecord record, Context ctx, Collector<TelemetryEvent> out) {
    recordsIn.inc();
    DecodeResult result = decoder.decode(record);
    for (TelemetryEvent e : result.events) {
      String kind = e.invocation != null ? "invocation" : e.flow != null ? "flow" : "billing";
      eventsIn
          .computeIfAbsent(kind, k -> metrics.addGroup("eventType", k).counter("eventsIn"))
          .inc();
      out.collect(e);
    }
    for (DecodeFailure f : result.failures) {
      deadLetters
          .computeIfAbsent(f.reason(), r -> metrics.addGroup("reason", r).counter("deadLetters"))
          .inc();
      ctx.output(OutputTags.DEAD_LETTERS, f.toDeadLetter(record));
    }
    controlMessages.inc(result.controlMessages);
    skippedLines.inc(result.skippedLines);
  }
}
