package io.vigil.models.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import java.io.IOException;

/**
 * What {@link LambdaLogParser} reads from one JSON-format log line: the platform event's type and
 * record fields, or an application line's level, error type and request ids. Text fields are null
 * when absent, JSON null, a container or empty; metrics are NaN when absent or unusable (init and
 * restore durations 0 when absent), as the parser has always read them from a JSON tree.
 *
 * <p>{@link #stream} reads a line token by token without building a tree (a tree per line was the
 * costliest part of JSON-format line parsing) and returns null, leaving the line to {@link #tree},
 * on anything it does not read exactly as the tree does: invalid JSON, a number or boolean where
 * text is read, a repeated key, anything after the object.
 */
record JsonLogLine(
    String type,
    boolean recordIsObject,
    String recordRequestId,
    String recordVersion,
    String recordErrorType,
    String recordStatus,
    boolean metricsIsObject,
    double durationMs,
    double billedDurationMs,
    double memorySizeMb,
    double maxMemoryUsedMb,
    double initDurationMs,
    double restoreDurationMs,
    String tracingValue,
    String level,
    String errorType,
    String messageErrorType,
    String requestId,
    String awsRequestId) {

  /** The reference reading, from a JSON tree; null when the line is not a JSON object. */
  static JsonLogLine tree(JsonNode node) {
    if (node == null || !node.isObject()) return null;
    JsonNode record = node.get("record");
    boolean recordIsObject = record != null && record.isObject();
    JsonNode m = recordIsObject ? record.get("metrics") : null;
    boolean metrics = m != null && m.isObject();
    JsonNode tracing = recordIsObject ? record.get("tracing") : null;
    JsonNode inner = node.get("message");
    return new JsonLogLine(
        textOf(node.get("type")),
        recordIsObject,
        recordIsObject ? textOf(record.get("requestId")) : null,
        recordIsObject ? textOf(record.get("version")) : null,
        recordIsObject ? textOf(record.get("errorType")) : null,
        recordIsObject ? textOf(record.get("status")) : null,
        metrics,
        metrics ? number(m.get("durationMs")) : Double.NaN,
        metrics ? number(m.get("billedDurationMs")) : Double.NaN,
        metrics ? number(m.get("memorySizeMB")) : Double.NaN,
        metrics ? number(m.get("maxMemoryUsedMB")) : Double.NaN,
        metrics && m.has("initDurationMs") ? number(m.get("initDurationMs")) : 0,
        metrics && m.has("restoreDurationMs") ? number(m.get("restoreDurationMs")) : 0,
        tracing != null && tracing.isObject() ? textOf(tracing.get("value")) : null,
        textOf(node.get("level")),
        textOf(node.get("errorType")),
        inner != null && inner.isObject() ? textOf(inner.get("errorType")) : null,
        textOf(node.get("requestId")),
        textOf(node.get("AWSRequestId")));
  }

  private static String textOf(JsonNode n) {
    if (n == null || n.isNull() || n.isContainerNode()) return null;
    String t = n.asText();
    return t.isEmpty() ? null : t;
  }

  private static double number(JsonNode n) {
    if (n == null || n.isNull()) return Double.NaN;
    double v;
    if (n.isNumber()) {
      v = n.asDouble();
    } else if (n.isTextual()) {
      String t = n.asText();
      v = LambdaLogParser.number(t, 0, t.length());
    } else {
      return Double.NaN;
    }
    return finiteNonNegative(v);
  }

  private static double finiteNonNegative(double v) {
    return Double.isFinite(v) && v >= 0 ? v : Double.NaN;
  }

  /** The streaming reading; null to leave the line to the tree. */
  static JsonLogLine stream(String json) {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      Reader r = new Reader();
      if (!r.top(p)) return null;
      if (p.nextToken() != null) return null; // trailing content: the tree decides
      return r.line();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Mutable fields while streaming; every key may appear once per object. */
  private static final class Reader {
    String type;
    boolean recordIsObject;
    String recordRequestId;
    String recordVersion;
    String recordErrorType;
    String recordStatus;
    boolean metricsIsObject;
    double duration = Double.NaN;
    double billed = Double.NaN;
    double memory = Double.NaN;
    double used = Double.NaN;
    double init;
    double restore;
    String tracingValue;
    String level;
    String errorType;
    String messageErrorType;
    String requestId;
    String awsRequestId;

    JsonLogLine line() {
      return new JsonLogLine(
          type,
          recordIsObject,
          recordRequestId,
          recordVersion,
          recordErrorType,
          recordStatus,
          metricsIsObject,
          metricsIsObject ? duration : Double.NaN,
          metricsIsObject ? billed : Double.NaN,
          metricsIsObject ? memory : Double.NaN,
          metricsIsObject ? used : Double.NaN,
          metricsIsObject ? init : 0,
          metricsIsObject ? restore : 0,
          tracingValue,
          level,
          errorType,
          messageErrorType,
          requestId,
          awsRequestId);
    }

    /** The root object's fields; false to step aside. */
    boolean top(JsonParser p) throws IOException {
      Keys keys = new Keys();
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (!keys.first(name)) return false;
        switch (name) {
          case "type" -> type = text(p, v);
          case "level" -> level = text(p, v);
          case "errorType" -> errorType = text(p, v);
          case "requestId" -> requestId = text(p, v);
          case "AWSRequestId" -> awsRequestId = text(p, v);
          case "record" -> {
            if (v == JsonToken.START_OBJECT) {
              recordIsObject = true;
              if (!record(p)) return false;
            } else {
              p.skipChildren();
            }
          }
          case "message" -> {
            if (v == JsonToken.START_OBJECT) {
              messageErrorType = errorTypeOnly(p);
              if (messageErrorType == NOT_CANONICAL) return false;
            } else {
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
        if (type == NOT_CANONICAL
            || level == NOT_CANONICAL
            || errorType == NOT_CANONICAL
            || requestId == NOT_CANONICAL
            || awsRequestId == NOT_CANONICAL) {
          return false;
        }
      }
      return t == JsonToken.END_OBJECT;
    }

    private boolean record(JsonParser p) throws IOException {
      Keys keys = new Keys();
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (!keys.first(name)) return false;
        switch (name) {
          case "requestId" -> recordRequestId = text(p, v);
          case "version" -> recordVersion = text(p, v);
          case "errorType" -> recordErrorType = text(p, v);
          case "status" -> recordStatus = text(p, v);
          case "metrics" -> {
            if (v == JsonToken.START_OBJECT) {
              metricsIsObject = true;
              if (!metrics(p)) return false;
            } else {
              p.skipChildren();
            }
          }
          case "tracing" -> {
            if (v == JsonToken.START_OBJECT) {
              tracingValue = valueOnly(p);
              if (tracingValue == NOT_CANONICAL) return false;
            } else {
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
        if (recordRequestId == NOT_CANONICAL
            || recordVersion == NOT_CANONICAL
            || recordErrorType == NOT_CANONICAL
            || recordStatus == NOT_CANONICAL) {
          return false;
        }
      }
      return t == JsonToken.END_OBJECT;
    }

    private boolean metrics(JsonParser p) throws IOException {
      Keys keys = new Keys();
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (!keys.first(name)) return false;
        switch (name) {
          case "durationMs" -> duration = number(p, v);
          case "billedDurationMs" -> billed = number(p, v);
          case "memorySizeMB" -> memory = number(p, v);
          case "maxMemoryUsedMB" -> used = number(p, v);
          case "initDurationMs" -> init = number(p, v);
          case "restoreDurationMs" -> restore = number(p, v);
          default -> p.skipChildren();
        }
      }
      return t == JsonToken.END_OBJECT;
    }

    /** The text of one key of an object the parser is in, or NOT_CANONICAL. */
    private static String field(JsonParser p, String wanted) throws IOException {
      Keys keys = new Keys();
      String out = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (!keys.first(name)) return NOT_CANONICAL;
        if (name.equals(wanted)) out = text(p, v);
        else p.skipChildren();
        if (out == NOT_CANONICAL) return out;
      }
      return t == JsonToken.END_OBJECT ? out : NOT_CANONICAL;
    }

    private static String errorTypeOnly(JsonParser p) throws IOException {
      return field(p, "errorType");
    }

    private static String valueOnly(JsonParser p) throws IOException {
      return field(p, "value");
    }
  }

  /** Marker (by identity) for a value the tree reads differently from the stream. */
  private static final String NOT_CANONICAL = new String("not canonical");

  /** Text as the tree reads it: string (null when empty), null, container (null), else marker. */
  private static String text(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_STRING) {
      String s = p.getText();
      return s.isEmpty() ? null : s;
    }
    if (v == JsonToken.VALUE_NULL) return null;
    if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
      p.skipChildren();
      return null;
    }
    return NOT_CANONICAL;
  }

  /** A metric as the tree reads it: number, decimal text, else NaN. */
  private static double number(JsonParser p, JsonToken v) throws IOException {
    double d;
    if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
      d = p.getDoubleValue();
    } else if (v == JsonToken.VALUE_STRING) {
      String t = p.getText();
      d = LambdaLogParser.number(t, 0, t.length());
    } else {
      p.skipChildren();
      return Double.NaN;
    }
    return finiteNonNegative(d);
  }

  /** Keys seen in one object: a repeated key steps aside (the tree keeps the last value). */
  private static final class Keys {
    private String[] seen = new String[8];
    private int count;

    boolean first(String name) {
      for (int i = 0; i < count; i++) if (seen[i].equals(name)) return false;
      if (count == seen.length) seen = java.util.Arrays.copyOf(seen, count * 2);
      seen[count++] = name;
      return true;
    }
  }
}
