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
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int n = text.length();
    int i = 0;
    boolean fieldStarted = false;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '"' && field.length() == 0 && !fieldStarted) {
        // quoted field
        i++;
        while (true) {
          if (i >= n)
            throw new CsvException("unterminated quoted field in row " + (rows.size() + 1));
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
        fieldStarted = true;
        if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
          throw new CsvException(
              "unexpected character after closing quote in row " + (rows.size() + 1));
        }
        continue;
      }
      if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
        fieldStarted = false;
        i++;
      } else if (c == '\n' || c == '\r') {
        row.add(field.toString());
        field.setLength(0);
        fieldStarted = false;
        if (!(row.size() == 1 && row.get(0).isEmpty())) rows.add(row);
        row = new ArrayList<>();
        i++;
        if (c == '\r' && i < n && text.charAt(i) == '\n') i++;
      } else {
        field.append(c);
        fieldStarted = true;
        i++;
      }
    }
    if (fieldStarted || field.length() > 0 || !row.isEmpty()) {
      row.add(field.toString());
      if (!(row.size() == 1 && row.get(0).isEmpty())) rows.add(row);
    }
    return rows;
  }
}
