package io.vigil.operators.decode;

import io.vigil.models.decode.DecodeFailure;
import io.vigil.models.decode.DecodeResult;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.TelemetryEvent;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What one raw record decoded to, as one Flink POJO (arrays, not lists: no Kryo): the output of
 * {@link DecodePoolOperator}, split into events and dead letters by {@link EmitDecodedFunction}.
 * Handed from one chained operator to the next without a copy ({@link HandOffTypeInfo}): nothing
 * changes it once built.
 */
@TypeInfo(HandOffTypeInfo.Factory.class)
public class DecodedRecord {
  private static final TelemetryEvent[] NO_EVENTS = new TelemetryEvent[0];

  public TelemetryEvent[] events = NO_EVENTS;
  public DeadLetter[] deadLetters = new DeadLetter[0];
  public int controlMessages;
  public int skippedLines;

  public DecodedRecord() {}

  /** The result of decoding {@code record}, its failures turned into dead letters. */
  public static DecodedRecord of(DecodeResult result, RawRecord record) {
    DecodedRecord d = new DecodedRecord();
    d.events = result.events.toArray(NO_EVENTS);
    d.deadLetters = new DeadLetter[result.failures.size()];
    int i = 0;
    for (DecodeFailure f : result.failures) d.deadLetters[i++] = f.toDeadLetter(record);
    d.controlMessages = result.controlMessages;
    d.skippedLines = result.skippedLines;
    return d;
  }

  /** A record that was not decoded: one whole-record dead letter with {@code reason}. */
  public static DecodedRecord failed(RawRecord record, String reason, String detail) {
    DecodedRecord d = new DecodedRecord();
    d.deadLetters = new DeadLetter[] {DeadLetter.of(record, reason, detail)};
    return d;
  }
}
