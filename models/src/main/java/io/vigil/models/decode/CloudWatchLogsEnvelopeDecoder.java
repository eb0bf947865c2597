package io.vigil.models.decode;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes a CloudWatch Logs subscription envelope (gzip JSON, or plain JSON) into its log events.
 */
public final class CloudWatchLogsEnvelopeDecoder {
  public static final String DATA_MESSAGE = "DATA_MESSAGE";
  public static final String CONTROL_MESSAGE = "CONTROL_MESSAGE";
  private static final String LAMBDA_PREFIX = "/aws/lambda/";

  /** One log event of an envelope. */
  public record LogEvent(String id, long timestamp, String message) {}

  /**
   * An AWS region code as a token of a subscription filter name ({@code vigil-lambda-eu-west-1}):
   * CloudWatch Logs payloads carry no region, so a stream fed from several regions says it there.
   */
  private static final Pattern REGION_TOKEN =
      Pattern.compile(
          "(?<![a-z0-9])(?:af|ap|ca|cn|eu|il|me|mx|sa|us)(?:-gov|-iso[bef]?)?"
              + "-(?:central|north|south|east|west|northeast|northwest|southeast|southwest)"
              + "-\\d{1,2}(?![a-z0-9])");

  /** A decoded envelope. */
  public record Envelope(
      String messageType,
      String owner,
      String logGroup,
      String logStream,
      List<String> subscriptionFilters,
      List<LogEvent> logEvents) {

    /**
     * The region named by the first subscription filter whose name holds a region code, or null
     * (the events then take {@code vigil.aws.default-region}).
     */
    public String region() {
      for (String filter : subscriptionFilters) {
        if (filter == null) continue;
        Matcher m = REGION_TOKEN.matcher(filter);
        if (m.find()) return m.group();
      }
      return null;
    }

    public boolean isControl() {
      return CONTROL_MESSAGE.equals(messageType);
    }

    public boolean isLambdaLogGroup() {
      return logGroup != null && logGroup.startsWith(LAMBDA_PREFIX);
    }

    /**
     * Function name: from {@code /aws/lambda/<name>}, else (custom log groups) from a log stream
     * shaped {@code yyyy/mm/dd/<name>[<version>]...}; null when neither says.
     */
    public String functionName() {
      if (isLambdaLogGroup()) {
        String name = logGroup.substring(LAMBDA_PREFIX.length());
        return name.isEmpty() ? null : name;
      }
      if (logStream == null) return null;
      int bracket = logStream.indexOf('[');
      if (bracket <= 0) return null;
      int slash = logStream.lastIndexOf('/', bracket);
      String name = logStream.substring(slash + 1, bracket);
      return name.isEmpty() ? null : name;
    }

    /** Version from the log stream's {@code [...]} part ({@code $LATEST}, {@code 17}), or null. */
    public String streamVersion() {
      if (logStream == null) return null;
      int open = logStream.indexOf('[');
      int close = open < 0 ? -1 : logStream.indexOf(']', open + 1);
      if (close <= open + 1) return null;
      return logStream.substring(open + 1, close);
    }
  }

  private CloudWatchLogsEnvelopeDecoder() {}

  /**
   * Decodes the record bytes: gunzips when gzip (bounded by {@code maxDecompressedBytes}), then
   * parses the JSON envelope.
   *
   * @throws DecodeException {@code bad-gzip}, {@code decompression-bomb}, {@code bad-json} or
   *     {@code unknown-message-type}
   */
  public static Envelope decode(byte[] data, int maxDecompressedBytes) throws DecodeException {
    return decode(data, maxDecompressedBytes, null);
  }

  /** {@link #decode(byte[], int)} gunzipping with {@code gunzip} (a fresh inflater if null). */
  public static Envelope decode(byte[] data, int maxDecompressedBytes, GzipGuard.Reusing gunzip)
      throws DecodeException {
    byte[] json;
    if (GzipGuard.isGzip(data)) {
      json =
          gunzip != null
              ? gunzip.gunzip(data, maxDecompressedBytes)
              : GzipGuard.gunzip(data, maxDecompressedBytes);
    } else if (startsWithBrace(data)) {
      json = data;
    } else {
      throw new DecodeException(DecodeFailure.BAD_GZIP, "not gzip (no magic) and not JSON");
    }
    return parse(json);
  }

  /**
   * Parses an uncompressed JSON envelope. Envelopes as CloudWatch writes them (string fields, an
   * array of {@code {id, timestamp, message}} objects) take a streaming fast path; anything else,
   * including invalid JSON, goes through the JSON tree, which defines the result.
   */
  public static Envelope parse(byte[] json) throws DecodeException {
    Envelope fast = StreamingEnvelope.parse(json);
    return fast != null ? fast : parseTree(json);
  }

  /** The reference parser: the whole envelope as a JSON tree. */
  static Envelope parseTree(byte[] json) throws DecodeException {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new DecodeException(
          DecodeFailure.BAD_JSON, "envelope is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new DecodeException(DecodeFailure.BAD_JSON, "envelope is not readable: " + e, e);
    }
    if (root == null || !root.isObject()) {
      throw new DecodeException(DecodeFailure.BAD_JSON, "envelope is not a JSON object");
    }
    String type = text(root, "messageType");
    if (!DATA_MESSAGE.equals(type) && !CONTROL_MESSAGE.equals(type)) {
      throw new DecodeException(
          DecodeFailure.UNKNOWN_MESSAGE_TYPE,
          "messageType " + (type == null ? "missing" : DecodeFailure.excerpt(type)));
    }
    JsonNode events = root.get("logEvents");
    List<LogEvent> out = new ArrayList<>(events == null ? 0 : events.size());
    if (events != null && events.isArray()) {
      for (JsonNode e : events) {
        JsonNode message = e.get("message");
        out.add(
            new LogEvent(
                text(e, "id"),
                e.path("timestamp").asLong(0),
                message == null || message.isNull() ? null : message.asText()));
      }
    } else if (DATA_MESSAGE.equals(type)) {
      throw new DecodeException(DecodeFailure.BAD_JSON, "DATA_MESSAGE without a logEvents array");
    }
    return new Envelope(
        type,
        text(root, "owner"),
        text(root, "logGroup"),
        text(root, "logStream"),
        filters(root.get("subscriptionFilters")),
        out);
  }

  /** The string elements of a {@code subscriptionFilters} array (anything else: none). */
  private static List<String> filters(JsonNode array) {
    List<String> out = new ArrayList<>(array == null ? 0 : array.size());
    if (array == null || !array.isArray()) return out;
    for (JsonNode f : array) if (f.isTextual()) out.add(f.asText());
    return out;
  }

  /** True when the first non-whitespace byte is an opening brace. */
  static boolean startsWithBrace(byte[] data) {
    for (byte b : data) {
      if (b == ' ' || b == '\n' || b == '\r' || b == '\t') continue;
      return b == '{';
    }
    return false;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
