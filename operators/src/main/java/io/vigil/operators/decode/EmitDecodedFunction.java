package io.vigil.operators.decode;

import io.vigil.models.event.DeadLetter;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.operators.OutputTags;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The second half of the pooled decode: emits what {@link DecodePoolOperator} decoded, in input
 * order, exactly as {@link DecodeFunction} would (events, then the record's dead letters to {@link
 * OutputTags#DEAD_LETTERS}) and counts it under the same uid and metric names.
 */
public class EmitDecodedFunction extends ProcessFunction<DecodedRecord, TelemetryEvent> {
  public static final String UID = DecodeFunction.UID;
  public static final String NAME = DecodeFunction.NAME;

  private transient DecodeCounters counters;

  @Override
  public void open(OpenContext openContext) {
    counters = new DecodeCounters(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(DecodedRecord record, Context ctx, Collector<TelemetryEvent> out) {
    counters.record(record.controlMessages, record.skippedLines);
    for (TelemetryEvent e : record.events) {
      counters.event(e);
      out.collect(e);
    }
    for (DeadLetter d : record.deadLetters) {
      counters.deadLetter(d.reason);
      ctx.output(OutputTags.DEAD_LETTERS, d);
    }
  }
}
