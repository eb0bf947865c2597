package io.vigil.models.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * Minimal RFC 4180 CSV reader: comma separated, fields optionally double-quoted, {@code ""} inside
 * quotes is a quote, quoted fields may hold commas and line breaks. CRLF and LF both end a row.
 */
public final class CsvParser {
  private CsvParser() {}

  /** Thrown for an unterminated quoted field or stray characters after a closing quote. */
  public static final class CsvException extends Exception {
    public CsvException(String message) {
      super(message);
    }
  }

  /** Parses all rows; blank lines are dropped. */
  public static List<List<String>> parse(String text) throws CsvException {
    List<List<String>> rows = new ArrayList<>();
    Reader reader = new Reader(text);
    while (reader.hasMore()) {
      List<String> row = reader.next();
      if (row != null) rows.add(row);
    }
    return rows;
  }

  /**
   * Reads one row at a time, so that a malformed row can be reported and skipped while the rows
   * around it are kept.
   */
  public static final class Reader {
    private final String text;
    private final StringBuilder field = new StringBuilder();
    private int i;
    private int rowStart;

    public Reader(String text) {
      this.text = text;
    }

    public boolean hasMore() {
      return i < text.length();
    }

    /** Text of the row last started (for error messages). */
    public String currentRowText() {
      int end = text.indexOf('\n', rowStart);
      return text.substring(rowStart, end < 0 ? text.length() : end);
    }

    /** Skips to the start of the next physical line, after a malformed row. */
    public void skipLine() {
      int end = text.indexOf('\n', i);
      i = end < 0 ? text.length() : end + 1;
    }

    /** The next row, or null for a blank line. */
    public List<String> next() throws CsvException {
      rowStart = i;
      List<String> row = new ArrayList<>();
      field.setLength(0);
      int n = text.length();
      boolean fieldStarted = false;
      while (i < n) {
        char c = text.charAt(i);
        if (c == '"' && field.length() == 0 && !fieldStarted) {
          quoted(n);
          fieldStarted = true;
          continue;
        }
        if (c == ',') {
          row.add(field.toString());
          field.setLength(0);
          fieldStarted = false;
          i++;
        } else if (c == '\n' || c == '\r') {
          i++;
          if (c == '\r' && i < n && text.charAt(i) == '\n') i++;
          row.add(field.toString());
          return row.size() == 1 && row.get(0).isEmpty() ? null : row;
        } else {
          field.append(c);
          fieldStarted = true;
          i++;
        }
      }
      if (fieldStarted || field.length() > 0 || !row.isEmpty()) {
        row.add(field.toString());
        return row.size() == 1 && row.get(0).isEmpty() ? null : row;
      }
      return null;
    }

    private void quoted(int n) throws CsvException {
      i++;
      while (true) {
        if (i >= n) throw new CsvException("unterminated quoted field");
        char q = text.charAt(i);
        if (q == '"') {
          if (i + 1 < n && text.charAt(i + 1) == '"') {
            field.append('"');
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          field.append(q);
          i++;
        }
      }
      if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
        throw new CsvException("unexpected character after closing quote");
      }
    }
  }
}
