package io.vigil.models.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.zip.GZIPOutputStream;

/** Small, allocation-light text helpers for the simulator's hot path. */
final class SimText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final long DAY_MS = 86_400_000L;

  private long cachedDay = Long.MIN_VALUE;
  private String cachedDayIso;
  private String cachedDaySlash;

  /** Appends the low {@code digits} hex digits of {@code v}. */
  static void appendHex(StringBuilder sb, long v, int digits) {
    for (int i = digits - 1; i >= 0; i--) sb.append(HEX[(int) (v >>> (i * 4)) & 0xF]);
  }

  /** A UUID-shaped request id from two random longs. */
  static void appendUuid(StringBuilder sb, long hi, long lo) {
    appendHex(sb, hi >>> 32, 8);
    sb.append('-');
    appendHex(sb, hi >>> 16, 4);
    sb.append('-');
    appendHex(sb, 0x4000 | (hi & 0x0FFF), 4);
    sb.append('-');
    appendHex(sb, 0x8000 | ((lo >>> 48) & 0x3FFF), 4);
    sb.append('-');
    appendHex(sb, lo, 12);
  }

  /** Fixed two decimals, e.g. {@code 748.31}. */
  static void appendFixed2(StringBuilder sb, double v) {
    long cents = Math.round(v * 100);
    sb.append(cents / 100).append('.');
    long c = cents % 100;
    if (c < 10) sb.append('0');
    sb.append(c);
  }

  static void appendPadded(StringBuilder sb, long v, int width) {
    String s = Long.toString(v);
    for (int i = s.length(); i < width; i++) sb.append('0');
    sb.append(s);
  }

  /** ISO-8601 UTC with millis, e.g. {@code 2025-11-20T12:00:00.455Z}. */
  void appendIso(StringBuilder sb, long epochMs) {
    long day = Math.floorDiv(epochMs, DAY_MS);
    refreshDay(day);
    sb.append(cachedDayIso).append('T');
    long ms = epochMs - day * DAY_MS;
    two(sb, ms / 3_600_000);
    sb.append(':');
    two(sb, (ms / 60_000) % 60);
    sb.append(':');
    two(sb, (ms / 1000) % 60);
    sb.append('.');
    long milli = ms % 1000;
    if (milli < 100) sb.append('0');
    if (milli < 10) sb.append('0');
    sb.append(milli).append('Z');
  }

  /** {@code yyyy/MM/dd} of the day containing epochMs. */
  String daySlash(long epochMs) {
    refreshDay(Math.floorDiv(epochMs, DAY_MS));
    return cachedDaySlash;
  }

  private void refreshDay(long day) {
    if (day != cachedDay) {
      LocalDate d = LocalDate.ofEpochDay(day);
      cachedDay = day;
      cachedDayIso = d.toString();
      cachedDaySlash = cachedDayIso.replace('-', '/');
    }
  }

  private static void two(StringBuilder sb, long v) {
    if (v < 10) sb.append('0');
    sb.append(v);
  }

  /** Appends {@code s} as a JSON string literal body (without quotes). */
  static void appendJsonEscaped(StringBuilder sb, CharSequence s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20) {
            sb.append("\\u00");
            appendHex(sb, c, 2);
          } else sb.append(c);
        }
      }
    }
  }

  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream(raw.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(bos, 8192)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }
}
