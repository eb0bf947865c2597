package io.vigil.models.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.vigil.models.Json;
import io.vigil.models.event.BillingLine;
import io.vigil.models.event.TelemetryEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses CUR 2.0 and FOCUS 1.x billing rows, as CSV (with or without a header line) or JSON (one
 * object, an array, or JSON lines), auto-detecting both the encoding and the schema. Non-Lambda
 * rows are skipped lines; malformed rows are {@code bad-billing-row} failures.
 */
public final class BillingRowParser {
  public static final String CUR2 = "CUR2";
  public static final String FOCUS = "FOCUS";

  private final DecoderConfig config;

  public BillingRowParser(DecoderConfig config) {
    this.config = config;
  }

  /** Parses one record's text. */
  public void parse(String text, DecodeResult out) {
    int s = text.startsWith("\uFEFF") ? 1 : 0;
    while (s < text.length() && Character.isWhitespace(text.charAt(s))) s++;
    if (s == text.length()) return;
    char c = text.charAt(s);
    if (c == '{' || c == '[') {
      parseJson(text.substring(s), out);
    } else {
      parseCsv(text.substring(s), out);
    }
  }

  private void parseJson(String text, DecodeResult out) {
    // One object, an array, concatenated or newline-separated objects (pretty-printed or not).
    List<JsonNode> nodes = new ArrayList<>();
    try (MappingIterator<JsonNode> it = Json.MAPPER.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) nodes.add(it.nextValue());
    } catch (Exception e) {
      nodes = null; // a broken value somewhere: go line by line so good lines survive
    }
    if (nodes != null) {
      int index = 0;
      for (JsonNode n : nodes) {
        if (n.isArray()) {
          for (JsonNode element : n) {
            out.atLine(index++);
            jsonRow(element, element.toString(), out);
          }
        } else {
          out.atLine(index++);
          jsonRow(n, n.toString(), out);
        }
      }
      return;
    }
    String[] lines = text.split("\r?\n");
    for (int index = 0; index < lines.length; index++) {
      String line = lines[index];
      out.atLine(index);
      if (line.isBlank()) continue;
      JsonNode n;
      try {
        n = Json.MAPPER.readTree(line);
      } catch (Exception e) {
        out.fail(DecodeFailure.BAD_JSON, "billing JSON line does not parse", line);
        continue;
      }
      jsonRow(n, line, out);
    }
  }

  private void jsonRow(JsonNode n, String raw, DecodeResult out) {
    if (n == null || !n.isObject()) {
      out.fail(DecodeFailure.BAD_BILLING_ROW, "billing JSON row is not an object", raw);
      return;
    }
    Map<String, String> row = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      row.put(e.getKey(), v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
    }
    row(row, raw, out);
  }

  private void parseCsv(String text, DecodeResult out) {
    CsvParser.Reader reader = new CsvParser.Reader(text);
    List<String> header = null;
    int index = 0;
    while (reader.hasMore()) {
      List<String> cells;
      try {
        cells = reader.next();
      } catch (CsvParser.CsvException e) {
        out.atLine(index++);
        out.fail(
            DecodeFailure.BAD_BILLING_ROW,
            "CSV row does not parse (" + e.getMessage() + ")",
            reader.currentRowText());
        reader.skipLine();
        continue;
      }
      if (cells == null) continue;
      out.atLine(index++);
      if (index == 1 && isHeader(cells)) {
        header = cells;
        String missing = missingRequiredColumn(cells);
        if (missing == null) {
          out.skip();
        } else {
          out.fail(
              DecodeFailure.BAD_BILLING_ROW,
              "header lacks required column " + missing,
              String.join(",", cells));
        }
        continue;
      }
      csvRow(header, cells, out);
    }
  }

  private void csvRow(List<String> header, List<String> cells, DecodeResult out) {
    List<String> columns = header;
    if (columns == null) {
      if (cells.size() == config.curColumns.size()) columns = config.curColumns;
      else if (cells.size() == config.focusColumns.size()) columns = config.focusColumns;
    }
    if (columns == null || columns.size() != cells.size()) {
      out.fail(
          DecodeFailure.BAD_BILLING_ROW,
          "expected "
              + (columns == null ? "a CUR 2.0 or FOCUS column count" : columns.size())
              + " columns, found "
              + cells.size(),
          String.join(",", cells));
      return;
    }
    Map<String, String> row = new HashMap<>(columns.size() * 2);
    for (int k = 0; k < columns.size(); k++) row.put(columns.get(k).trim(), cells.get(k));
    row(row, String.join(",", cells), out);
  }

  /**
   * A column this parser needs that the header lacks (a header cut short, or an export without it),
   * or null.
   */
  static String missingRequiredColumn(List<String> header) {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (String c : header) names.add(c.trim());
    boolean cur =
        names.contains("line_item_usage_type")
            || names.contains("identity_line_item_id")
            || names.contains("line_item_product_code");
    List<String> required =
        cur
            ? List.of(
                "line_item_product_code",
                "line_item_usage_type",
                "line_item_usage_amount",
                "line_item_unblended_cost")
            : List.of("ServiceName", "ChargePeriodStart", "ChargePeriodEnd", "BilledCost");
    for (String r : required) if (!names.contains(r)) return r;
    if (cur
        && !names.contains("identity_time_interval")
        && !(names.contains("line_item_usage_start_date")
            && names.contains("line_item_usage_end_date"))) {
      return "line_item_usage_start_date/line_item_usage_end_date or identity_time_interval";
    }
    if (!cur && !names.contains("ConsumedQuantity") && !names.contains("PricingQuantity")) {
      return "ConsumedQuantity or PricingQuantity";
    }
    return null;
  }

  private static boolean isHeader(List<String> cells) {
    for (String c : cells) {
      String t = c.trim();
      if (t.equals("identity_line_item_id")
          || t.equals("line_item_usage_type")
          || t.equals("line_item_product_code")
          || t.equals("BilledCost")
          || t.equals("ChargePeriodStart")
          || t.equals("ServiceName")) {
        return true;
      }
    }
    return false;
  }

  /** Converts one row (column -> value) of either schema. */
  private void row(Map<String, String> row, String raw, DecodeResult out) {
    try {
      BillingLine line;
      if (row.containsKey("line_item_usage_type")
          || row.containsKey("identity_line_item_id")
          || row.containsKey("line_item_product_code")) {
        line = cur(row);
      } else if (row.containsKey("BilledCost") || row.containsKey("ChargePeriodStart")) {
        line = focus(row);
      } else {
        out.fail(DecodeFailure.UNSUPPORTED_FORMAT, "billing row is neither CUR 2.0 nor FOCUS", raw);
        return;
      }
      if (line == null) {
        out.skip();
      } else {
        out.add(TelemetryEvent.of(line));
      }
    } catch (IllegalArgumentException e) {
      out.fail(DecodeFailure.BAD_BILLING_ROW, e.getMessage(), raw);
    }
  }

  /** CUR 2.0 row; null when it is not a Lambda row. */
  private BillingLine cur(Map<String, String> row) {
    String product = blankToNull(row.get("line_item_product_code"));
    if (product == null) throw new IllegalArgumentException("missing line_item_product_code");
    if (!product.equals("AWSLambda")) return null;
    BillingLine b = new BillingLine();
    b.source = CUR2;
    b.lineItemId = blankToNull(row.get("identity_line_item_id"));
    String start = blankToNull(row.get("line_item_usage_start_date"));
    String end = blankToNull(row.get("line_item_usage_end_date"));
    String interval = blankToNull(row.get("identity_time_interval"));
    if ((start == null || end == null) && interval != null && interval.indexOf('/') > 0) {
      int slash = interval.indexOf('/');
      if (start == null) start = interval.substring(0, slash);
      if (end == null) end = interval.substring(slash + 1);
    }
    b.usageStart = time(start, "line_item_usage_start_date");
    b.usageEnd = time(end, "line_item_usage_end_date");
    b.usageType = blankToNull(row.get("line_item_usage_type"));
    if (b.usageType == null) throw new IllegalArgumentException("missing line_item_usage_type");
    b.usageKind = usageKind(b.usageType);
    b.architecture = architecture(b.usageType);
    b.usageAmount = amount(row.get("line_item_usage_amount"), "line_item_usage_amount");
    b.cost = amount(row.get("line_item_unblended_cost"), "line_item_unblended_cost");
    String currency = blankToNull(row.get("line_item_currency_code"));
    if (currency != null) b.currency = currency;
    b.resourceId = blankToNull(row.get("line_item_resource_id"));
    checkTags(row.get("resource_tags"), "resource_tags");
    applyArn(b, b.resourceId);
    if (b.accountId == null) b.accountId = blankToNull(row.get("line_item_usage_account_id"));
    if (b.region == null) b.region = blankToNull(row.get("product_region_code"));
    fillDefaults(b);
    return b;
  }

  /** FOCUS row; null when it is not a Lambda row. */
  private BillingLine focus(Map<String, String> row) {
    String service = blankToNull(row.get("ServiceName"));
    if (service == null) throw new IllegalArgumentException("missing ServiceName");
    if (!service.equals("AWS Lambda") && !service.equals("AWSLambda")) return null;
    BillingLine b = new BillingLine();
    b.source = FOCUS;
    b.usageStart = time(blankToNull(row.get("ChargePeriodStart")), "ChargePeriodStart");
    b.usageEnd = time(blankToNull(row.get("ChargePeriodEnd")), "ChargePeriodEnd");
    b.cost = amount(row.get("BilledCost"), "BilledCost");
    String consumed = blankToNull(row.get("ConsumedQuantity"));
    b.usageAmount =
        amount(consumed != null ? consumed : row.get("PricingQuantity"), "ConsumedQuantity");
    String currency = blankToNull(row.get("BillingCurrency"));
    if (currency != null) b.currency = currency;
    b.resourceId = blankToNull(row.get("ResourceId"));
    checkTags(row.get("Tags"), "Tags");
    b.accountId = blankToNull(row.get("SubAccountId"));
    b.region = blankToNull(row.get("RegionId"));
    String[] candidates = {
      blankToNull(row.get("x_UsageType")),
      blankToNull(row.get("PricingUnit")),
      blankToNull(row.get("ConsumedUnit")),
      blankToNull(row.get("SkuId"))
    };
    b.usageKind = "OTHER";
    b.architecture = "x86_64";
    for (String c : candidates) {
      if (c == null) continue;
      if (b.usageType == null) b.usageType = c;
      if ("arm64".equals(architecture(c))) b.architecture = "arm64";
      if (b.usageKind.equals("OTHER")) b.usageKind = usageKind(c);
    }
    applyArn(b, b.resourceId);
    if (b.functionName == null) b.functionName = blankToNull(row.get("ResourceName"));
    b.lineItemId =
        String.join(
            "|",
            String.valueOf(b.resourceId),
            String.valueOf(row.get("ChargePeriodStart")),
            String.valueOf(b.usageType));
    fillDefaults(b);
    return b;
  }

  /** A tag column, when present, holds a JSON object; anything else is a cut or mangled row. */
  private static void checkTags(String tags, String column) {
    String t = blankToNull(tags);
    if (t == null) return;
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(t);
    } catch (Exception e) {
      n = null;
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(
          "unparsable " + column + " '" + DecodeFailure.excerpt(t) + "' (not a JSON object)");
    }
  }

  private void fillDefaults(BillingLine b) {
    if (b.region == null) b.region = config.defaultRegion;
    if (b.accountId == null) b.accountId = config.defaultAccountId;
  }

  /** Sets function name, and account and region when unset, from a Lambda function ARN. */
  static void applyArn(BillingLine b, String arn) {
    if (arn == null || !arn.startsWith("arn:")) return;
    String[] p = arn.split(":", 8);
    // arn:partition:lambda:region:account:function:name[:qualifier]
    if (p.length < 7 || !p[2].equals("lambda") || !p[5].equals("function")) return;
    if (b.region == null && !p[3].isEmpty()) b.region = p[3];
    if (b.accountId == null && !p[4].isEmpty()) b.accountId = p[4];
    if (!p[6].isEmpty()) b.functionName = p[6];
  }

  /** REQUEST, GB_SECOND, PROVISIONED_GB_SECOND, PROVISIONED_CONCURRENCY or OTHER. */
  static String usageKind(String usageType) {
    String u = usageType.toLowerCase(Locale.ROOT);
    if (u.endsWith("-arm")) u = u.substring(0, u.length() - 4);
    boolean provisioned = u.contains("provisioned");
    boolean gbSecond = u.contains("gb-second") || u.contains("gb-s") || u.contains("gb second");
    if (provisioned && gbSecond) return "PROVISIONED_GB_SECOND";
    if (provisioned && u.contains("concurrency")) return "PROVISIONED_CONCURRENCY";
    if (gbSecond) return "GB_SECOND";
    if (u.equals("request")
        || u.equals("requests")
        || u.endsWith("-request")
        || u.endsWith("-requests")) {
      return "REQUEST";
    }
    return "OTHER";
  }

  /** {@code arm64} for {@code -ARM} usage types, else {@code x86_64}. */
  static String architecture(String usageType) {
    String u = usageType.toUpperCase(Locale.ROOT);
    return u.endsWith("-ARM") || u.contains("-ARM-") ? "arm64" : "x86_64";
  }

  private static double amount(String s, String column) {
    String t = blankToNull(s);
    if (t == null) throw new IllegalArgumentException("missing " + column);
    double v;
    try {
      v = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "unparsable " + column + " '" + DecodeFailure.excerpt(t) + "'");
    }
    if (!Double.isFinite(v)) throw new IllegalArgumentException("non-finite " + column);
    return v;
  }

  /** ISO instant/offset/local (UTC) date-time, {@code yyyy-MM-dd}, or epoch ms; to epoch ms. */
  static long time(String s, String column) {
    if (s == null) throw new IllegalArgumentException("missing " + column);
    String t = s.trim();
    try {
      if (t.length() > 10) {
        char sep = t.charAt(10);
        if (sep == ' ') t = t.substring(0, 10) + 'T' + t.substring(11);
        char last = t.charAt(t.length() - 1);
        if (last == 'Z' || last == 'z') return Instant.parse(t).toEpochMilli();
        int plus = Math.max(t.lastIndexOf('+'), t.lastIndexOf('-'));
        if (plus > 10) return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
      }
      if (t.length() == 10 && t.charAt(4) == '-') {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      if (!t.isEmpty() && t.chars().allMatch(Character::isDigit) && t.length() <= 15) {
        return Long.parseLong(t);
      }
    } catch (DateTimeParseException | NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException(
        "unparsable " + column + " '" + DecodeFailure.excerpt(t) + "'");
  }

  private static String blankToNull(String s) {
    if (s == null) return null;
    String t = s.trim();
    return t.isEmpty() ? null : t;
  }
}
