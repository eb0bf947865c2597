package io.vigil.models.event;

import java.util.Base64;

/** A record that could not be decoded, with where it came from and why. Never silently dropped. */
public class DeadLetter {
  /** Raw bytes kept per dead letter, at most; the rest is counted in {@link #rawLength}. */
  public static final int MAX_RAW_BYTES = 4096;

  public String stream;
  public String shardId;
  public String sequenceNumber;

  /** Stable machine-readable reason, e.g. {@code bad-gzip}; used as a metric label. */
  public String reason;

  /**
   * 0-based index of the failed line inside the record (log event, flow-log line, billing row), or
   * -1 when the whole record failed. With the record's coordinates it identifies the dead letter.
   */
  public int lineIndex = -1;

  /** Human-readable detail (the parser's message, a truncated offending line). */
  public String detail;

  /** Up to {@link #MAX_RAW_BYTES} of the raw record, base64. */
  public String rawBase64;

  public int rawLength;
  public long timestamp;

  public DeadLetter() {}

  public static DeadLetter of(RawRecord r, String reason, String detail) {
    return of(r, reason, detail, -1);
  }

  public static DeadLetter of(RawRecord r, String reason, String detail, int lineIndex) {
    DeadLetter d = new DeadLetter();
    d.lineIndex = lineIndex;
    d.stream = r.stream;
    d.shardId = r.shardId;
    d.sequenceNumber = r.sequenceNumber;
    d.reason = reason;
    d.detail = detail == null ? null : detail.length() > 500 ? detail.substring(0, 500) : detail;
    byte[] data = r.data == null ? new byte[0] : r.data;
    d.rawLength = data.length;
    int n = Math.min(data.length, MAX_RAW_BYTES);
    byte[] head = new byte[n];
    System.arraycopy(data, 0, head, 0, n);
    d.rawBase64 = Base64.getEncoder().encodeToString(head);
    d.timestamp = r.arrivalTimestamp;
    return d;
  }

  @Override
  public String toString() {
    return "DeadLetter{"
        + stream
        + " "
        + shardId
        + "/"
        + sequenceNumber
        + (lineIndex < 0 ? "" : " line " + lineIndex)
        + " "
        + reason
        + ": "
        + detail
        + "}";
  }
}
