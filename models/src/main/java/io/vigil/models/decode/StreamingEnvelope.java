package io.vigil.models.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.models.Json;
import io.vigil.models.decode.CloudWatchLogsEnvelopeDecoder.Envelope;
import io.vigil.models.decode.CloudWatchLogsEnvelopeDecoder.LogEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming fast path of {@link CloudWatchLogsEnvelopeDecoder#parse}: reads a well-formed envelope
 * token by token, without building a JSON tree. It returns null, and leaves the input to the tree
 * parser, on anything it does not handle in exactly the tree parser's way (invalid JSON, a field of
 * an unexpected type, a non-object log event, a timestamp beyond a long), so both give the same
 * envelope or the same failure.
 */
final class StreamingEnvelope {
  private StreamingEnvelope() {}

  static Envelope parse(byte[] json) {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      String type = null;
      String owner = null;
      String group = null;
      String stream = null;
      List<LogEvent> events = null;
      List<String> filters = new ArrayList<>(1);
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "messageType" -> type = string(p, v);
          case "owner" -> owner = string(p, v);
          case "logGroup" -> group = string(p, v);
          case "logStream" -> stream = string(p, v);
          case "subscriptionFilters" -> {
            if (v != JsonToken.START_ARRAY || !filters(p, filters)) return null;
          }
          case "logEvents" -> {
            if (v != JsonToken.START_ARRAY) return null;
            events = events(p);
            if (events == null) return null;
          }
          default -> p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) return null;
      boolean data = CloudWatchLogsEnvelopeDecoder.DATA_MESSAGE.equals(type);
      if (!data && !CloudWatchLogsEnvelopeDecoder.CONTROL_MESSAGE.equals(type)) return null;
      if (events == null) {
        if (data) return null;
        events = new ArrayList<>(0);
      }
      return new Envelope(type, owner, group, stream, filters, events);
    } catch (Exception e) {
      return null;
    }
  }

  /** The text of a string value; a marker the caller rejects for anything else. */
  private static String string(JsonParser p, JsonToken v) throws java.io.IOException {
    if (v == JsonToken.VALUE_STRING) return p.getText();
    throw new NotCanonical();
  }

  /** Reads an array of strings into {@code out}; false (tree parser) for any other element. */
  private static boolean filters(JsonParser p, List<String> out) throws java.io.IOException {
    out.clear(); // a repeated field: the tree parser keeps the last
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.VALUE_STRING) out.add(p.getText());
    return t == JsonToken.END_ARRAY;
  }

  private static List<LogEvent> events(JsonParser p) throws java.io.IOException {
    List<LogEvent> out = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
      String id = null;
      long timestamp = 0;
      String message = null;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "id" -> id = string(p, v);
          case "message" -> message = string(p, v);
          case "timestamp" -> {
            if (v != JsonToken.VALUE_NUMBER_INT
                || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
              return null;
            }
            timestamp = p.getLongValue();
          }
          default -> p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) return null;
      out.add(new LogEvent(id, timestamp, message));
    }
    return t == JsonToken.END_ARRAY ? out : null;
  }

  /** Thrown for a value the fast path leaves to the tree parser. */
  private static final class NotCanonical extends java.io.IOException {
    NotCanonical() {
      super(null, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
