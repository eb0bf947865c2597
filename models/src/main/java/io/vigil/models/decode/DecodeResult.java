package io.vigil.models.decode;

import io.vigil.models.event.DeadLetter;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.TelemetryEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What one record decoded to. A record may yield events and failures at once: good lines are kept,
 * each bad line is one failure. Lines that carry nothing to emit (START/END, plain application
 * lines, NODATA flow rows, header lines, non-Lambda billing rows) are counted in {@link
 * #skippedLines}. Parsers call {@link #atLine} before each line so that a failure names the line it
 * came from.
 */
public class DecodeResult {
  public final List<TelemetryEvent> events = new ArrayList<>();
  public final List<DecodeFailure> failures = new ArrayList<>();
  public int controlMessages;
  public int skippedLines;

  /** Index of the line being parsed, stamped on failures; {@link DecodeFailure#WHOLE_RECORD}. */
  private int line = DecodeFailure.WHOLE_RECORD;

  public DecodeResult() {}

  public void add(TelemetryEvent event) {
    events.add(event);
  }

  public void fail(DecodeFailure failure) {
    failures.add(failure);
  }

  /** Failure of the current line (see {@link #atLine}), quoting {@code text}. */
  public void fail(String reason, String message, String text) {
    failures.add(DecodeFailure.of(reason, message, text, line));
  }

  /** The next failures concern line {@code index} of the record (0-based). */
  public void atLine(int index) {
    line = index;
  }

  public void skip() {
    skippedLines++;
  }

  /** True when the record produced no event, failure, control message or skipped line. */
  public boolean isEmpty() {
    return events.isEmpty() && failures.isEmpty() && controlMessages == 0 && skippedLines == 0;
  }

  /** One dead letter per failure, carrying the record's coordinates. */
  public List<DeadLetter> deadLetters(RawRecord record) {
    List<DeadLetter> out = new ArrayList<>(failures.size());
    for (DecodeFailure f : failures) out.add(f.toDeadLetter(record));
    return out;
  }

  @Override
  public String toString() {
    return "DecodeResult{events="
        + events.size()
        + " failures="
        + failures
        + " control="
        + controlMessages
        + " skipped="
        + skippedLines
        + "}";
  }
}
