package io.vigil.models.decode;

import io.vigil.models.event.DeadLetter;
import io.vigil.models.event.RawRecord;

/**
 * Why (part of) a record could not be decoded.
 *
 * @param reason stable kebab-case reason, usable as a metric label (see the constants)
 * @param detail human-readable message, including a truncated offending line when there is one
 * @param line 0-based index of the offending line in the record (log event of an envelope, line of
 *     a flow-log batch, row of a billing batch), or {@link #WHOLE_RECORD}; a record never has two
 *     failures with the same index, so record coordinates plus this index identify a dead letter
 */
public record DecodeFailure(String reason, String detail, int line) {
  public static final String BAD_GZIP = "bad-gzip";
  public static final String OVERSIZED_RECORD = "oversized-record";
  public static final String DECOMPRESSION_BOMB = "decompression-bomb";
  public static final String BAD_JSON = "bad-json";
  public static final String UNKNOWN_MESSAGE_TYPE = "unknown-message-type";
  public static final String TRUNCATED_REPORT = "truncated-report";
  public static final String BAD_FLOW_LINE = "bad-flow-line";
  public static final String BAD_BILLING_ROW = "bad-billing-row";
  public static final String UNSUPPORTED_FORMAT = "unsupported-format";
  public static final String EMPTY_RECORD = "empty-record";
  public static final String INTERNAL_ERROR = "internal-error";
  public static final String TRUNCATED_LINE = "truncated-line";

  /** {@link #line} of a failure that concerns the record as a whole. */
  public static final int WHOLE_RECORD = -1;

  /** Longest excerpt of an offending line kept in a detail. */
  public static final int MAX_LINE_CHARS = 200;

  /** A failure of the whole record. */
  public DecodeFailure(String reason, String detail) {
    this(reason, detail, WHOLE_RECORD);
  }

  /** A failure of line {@code index} whose detail is {@code message: <line, truncated>}. */
  public static DecodeFailure of(String reason, String message, String line, int index) {
    return new DecodeFailure(
        reason, line == null ? message : message + ": " + excerpt(line), index);
  }

  /** The line, cut to {@link #MAX_LINE_CHARS} characters and with control characters escaped. */
  public static String excerpt(String line) {
    if (line == null) return "";
    String s = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "..." : line;
    return s.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
  }

  public DeadLetter toDeadLetter(RawRecord record) {
    return DeadLetter.of(record, reason, detail, line);
  }
}
