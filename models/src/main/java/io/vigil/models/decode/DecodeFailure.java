package io.vigil.models.decode;

import io.vigil.models.event.DeadLetter;
import io.vigil.models.event.RawRecord;

/**
 * Why (part of) a record could not be decoded.
 *
 * @param reason stable kebab-case reason, usable as a metric label (see the constants)
 * @param detail human-readable message, including a truncated offending line when there is one
 */
public record DecodeFailure(String reason, String detail) {
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

  /** Longest excerpt of an offending line kept in a detail. */
  public static final int MAX_LINE_CHARS = 200;

  /** A failure whose detail is {@code message: <line, truncated>}. */
  public static DecodeFailure of(String reason, String message, String line) {
    return new DecodeFailure(reason, line == null ? message : message + ": " + excerpt(line));
  }

  /** The line, cut to {@link #MAX_LINE_CHARS} characters and with control characters escaped. */
  public static String excerpt(String line) {
    if (line == null) return "";
    String s = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "..." : line;
    return s.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
  }

  public DeadLetter toDeadLetter(RawRecord record) {
    return DeadLetter.of(record, reason, detail);
  }
}
