package io.vigil.models.decode;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import io.vigil.models.decode.CloudWatchLogsEnvelopeDecoder.Envelope;
import io.vigil.models.decode.CloudWatchLogsEnvelopeDecoder.LogEvent;
import io.vigil.models.event.FunctionKeys;
import io.vigil.models.event.Invocation;
import io.vigil.models.event.InvocationStatus;
import io.vigil.models.event.TelemetryEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the log events of one envelope (one function) into {@link Invocation}s, one per REPORT line
 * (text format) or {@code platform.report} record (JSON format). START, timeout and error lines
 * seen before the REPORT enrich it. Every log event ends up as an event, a failure or a skipped
 * line. Instances are stateless between calls and cheap; the hot path uses plain string scans.
 *
 * <p>Damaged lines are failures, never quietly skipped: a JSON event ({@code {"...}) that does not
 * parse is {@code bad-json}; a REPORT line with a missing required field, a number without its unit
 * ({@code ms}, {@code MB}), a field that is not {@code Key: value} or a malformed X-Ray part is
 * {@code truncated-report}; a START/END line without its RequestId is {@code truncated-line}. When
 * the envelope's platform lines end with a line feed (as CloudWatch delivers them), a START, END
 * or REPORT line without one was cut short and fails too. A line cut so short that it no longer
 * looks like a platform line ({@code REPO}, a lone {@code {}) cannot be told from an application
 * line and is skipped like one.
 */
public final class LambdaLogParser {
  static final String REPORT = "REPORT RequestId: ";
  static final String START = "START RequestId: ";
  static final String END = "END RequestId: ";
  static final String TIMED_OUT = "Task timed out after ";
  static final String OOM = "Runtime.OutOfMemory";
  static final String EXIT_ERROR = "Runtime.ExitError";

  private final DecoderConfig config;

  public LambdaLogParser(DecoderConfig config) {
    this.config = config;
  }

  /** What the lines before a REPORT said about its request. */
  private static final class Pending {
    String version;
    InvocationStatus status = InvocationStatus.SUCCESS;
    String errorType;
    boolean selfInvocation;

    void mark(InvocationStatus s, String type) {
      status = worse(status, s);
      if (type != null && errorType == null) errorType = type;
    }
  }

  /**
   * Parses a DATA_MESSAGE envelope; a log group naming no function is {@code unsupported-format}.
   */
  public void parse(Envelope envelope, DecodeResult out) {
    String function = envelope.functionName();
    if (function == null) {
      out.fail(
          DecodeFailure.UNSUPPORTED_FORMAT,
          "log group names no Lambda function",
          envelope.logGroup() + " " + envelope.logStream());
      return;
    }
    String account = envelope.owner() != null ? envelope.owner() : config.defaultAccountId;
    String region = envelope.region() != null ? envelope.region() : config.defaultRegion;
    parse(account, region, function, envelope.streamVersion(), envelope.logEvents(), out);
  }

  /** Parses the log events of one function in the default region. */
  public void parse(
      String accountId,
      String functionName,
      String streamVersion,
      List<LogEvent> events,
      DecodeResult out) {
    parse(accountId, config.defaultRegion, functionName, streamVersion, events, out);
  }

  /** Parses the log events of one function. */
  public void parse(
      String accountId,
      String region,
      String functionName,
      String streamVersion,
      List<LogEvent> events,
      DecodeResult out) {
    Context ctx =
        new Context(
            accountId, region, functionName, streamVersion, lineFeedTerminated(events), out);
    for (int i = 0; i < events.size(); i++) {
      out.atLine(i);
      ctx.line(events.get(i));
    }
  }

  /** True when a START, END or REPORT line of the batch ends with a line feed. */
  static boolean lineFeedTerminated(List<LogEvent> events) {
    for (LogEvent e : events) {
      String m = e.message();
      if (m == null || m.isEmpty() || m.charAt(m.length() - 1) != '\n') continue;
      int s = firstNonSpace(m);
      if (m.startsWith(REPORT, s) || m.startsWith(START, s) || m.startsWith(END, s)) return true;
    }
    return false;
  }

  private final class Context {
    final String accountId;
    final String region;
    final String functionName;
    final String streamVersion;
    final DecodeResult out;
    final Map<String, Pending> pending = new HashMap<>();

    /** Platform lines of this batch end with a line feed: one without it was cut. */
    final boolean lineFeeds;

    /** Last started request without a REPORT yet: owner of lines that name no request. */
    String current;

    /** How the function's own ARN names it: {@code :<account>:function:<name>}. */
    final String ownArn;

    /**
     * The function's key, one string for every invocation of the envelope: its hash is computed
     * once and every later map lookup downstream (the combiner's runs) compares it by reference.
     */
    final String functionKey;

    Context(
        String accountId,
        String region,
        String functionName,
        String streamVersion,
        boolean lineFeeds,
        DecodeResult out) {
      this.accountId = accountId;
      this.region = region;
      this.functionName = functionName;
      this.streamVersion = streamVersion;
      this.lineFeeds = lineFeeds;
      this.out = out;
      this.ownArn = ":" + accountId + ":function:" + functionName;
      this.functionKey = FunctionKeys.of(accountId, region, functionName);
    }

    /**
     * True when an application line names the function's own ARN ({@code ...:<account>:function:
     * <name>}, optionally with a {@code :qualifier}), as a line logging an invocation of itself
     * does; a longer name that merely starts with this one ({@code orders} in {@code orders-api})
     * does not count.
     */
    boolean namesItself(String msg) {
      for (int at = msg.indexOf(ownArn); at >= 0; at = msg.indexOf(ownArn, at + 1)) {
        int end = at + ownArn.length();
        if (end == msg.length()) return true;
        char c = msg.charAt(end);
        if (!Character.isLetterOrDigit(c) && c != '-' && c != '_') return true;
      }
      return false;
    }

    /** Marks the line's request (or the current one) as having invoked its own function. */
    void markSelfInvocation(String msg, String id) {
      if (!namesItself(msg)) return;
      if (id == null) id = findUuid(msg);
      if (id == null) id = current;
      if (id != null) pendingFor(id).selfInvocation = true;
    }

    /** True (and the line failed) when a platform line lacks the batch's line feed. */
    boolean cutShort(String msg, String reason, String what) {
      if (!lineFeeds || msg.charAt(msg.length() - 1) == '\n') return false;
      out.fail(
          reason,
          what + " line does not end with a line feed like the batch's others (cut short)",
          msg);
      return true;
    }

    void line(LogEvent e) {
      String msg = e.message();
      if (msg == null) {
        out.skip();
        return;
      }
      int s = firstNonSpace(msg);
      if (s >= msg.length()) {
        out.skip();
      } else if (msg.startsWith(REPORT, s)) {
        textReport(msg, s + REPORT.length(), e.timestamp());
      } else if (msg.startsWith(START, s)) {
        textStart(msg, s + START.length());
      } else if (msg.startsWith(END, s)) {
        textEnd(msg, s + END.length());
      } else if (msg.charAt(s) == '{' && jsonLine(msg, s, e.timestamp())) {
        // handled as JSON
      } else if (cutPlatformPrefix(msg, s)) {
        out.fail(
            msg.startsWith("REPORT", s)
                ? DecodeFailure.TRUNCATED_REPORT
                : DecodeFailure.TRUNCATED_LINE,
            "platform line cut inside its RequestId prefix",
            msg);
      } else {
        textLine(msg);
        out.skip();
      }
    }

    Pending pendingFor(String requestId) {
      return pending.computeIfAbsent(requestId, k -> new Pending());
    }

    void textStart(String msg, int from) {
      int end = tokenEnd(msg, from);
      if (end == from) {
        out.fail(DecodeFailure.TRUNCATED_LINE, "START without RequestId", msg);
        return;
      }
      if (cutShort(msg, DecodeFailure.TRUNCATED_LINE, "START")) return;
      out.skip();
      String id = msg.substring(from, end);
      Pending p = pendingFor(id);
      current = id;
      int v = msg.indexOf("Version: ", end);
      if (v >= 0) {
        int vs = v + "Version: ".length();
        int ve = tokenEnd(msg, vs);
        if (ve > vs) p.version = msg.substring(vs, ve);
      }
    }

    void textEnd(String msg, int from) {
      if (tokenEnd(msg, from) == from) {
        out.fail(DecodeFailure.TRUNCATED_LINE, "END without RequestId", msg);
      } else if (!cutShort(msg, DecodeFailure.TRUNCATED_LINE, "END")) {
        out.skip();
      }
    }

    /** Application or runtime text line: only timeouts and errors matter. */
    void textLine(String msg) {
      markSelfInvocation(msg, null);
      InvocationStatus status = null;
      String type = null;
      boolean needsIdOnLine = false;
      if (msg.contains(TIMED_OUT)) {
        status = InvocationStatus.TIMEOUT;
      } else if (msg.contains(OOM)) {
        status = InvocationStatus.OUT_OF_MEMORY;
        type = OOM;
      } else if (msg.contains(EXIT_ERROR)) {
        status = InvocationStatus.ERROR;
        type = EXIT_ERROR;
      } else if (msg.contains("[ERROR]")
          || msg.contains("\tERROR\t")
          || (msg.contains("\"errorType\"") && msg.contains("\"errorMessage\""))) {
        status = InvocationStatus.ERROR;
        type = jsonStringField(msg, "errorType");
      } else if (msg.contains(" ERROR ")) {
        status = InvocationStatus.ERROR;
        needsIdOnLine = true;
      }
      if (status == null) return;
      String id = findUuid(msg);
      if (id == null && !needsIdOnLine) id = current;
      if (id != null) pendingFor(id).mark(status, type);
    }

    void textReport(String msg, int from, long timestamp) {
      int idEnd = tokenEnd(msg, from);
      if (idEnd == from) {
        out.fail(DecodeFailure.TRUNCATED_REPORT, "REPORT without RequestId", msg);
        return;
      }
      String id = msg.substring(from, idEnd);
      if (cutShort(msg, DecodeFailure.TRUNCATED_REPORT, "REPORT")) {
        dropPending(id);
        return;
      }
      double duration = Double.NaN;
      double billed = Double.NaN;
      double memory = Double.NaN;
      double used = Double.NaN;
      double init = 0;
      double restore = 0;
      String statusField = null;
      String errorType = null;
      String trace = null;
      boolean wellFormed = true;
      int i = idEnd;
      int n = msg.length();
      while (i < n && wellFormed) {
        int j = i;
        while (j < n && msg.charAt(j) != '\t' && msg.charAt(j) != '\n') j++;
        int a = i;
        int b = j;
        while (a < b && msg.charAt(a) == ' ') a++;
        while (b > a && (msg.charAt(b - 1) == ' ' || msg.charAt(b - 1) == '\r')) b--;
        i = j + 1;
        if (a == b) continue;
        int colon = msg.indexOf(": ", a);
        if (colon < 0 || colon >= b) {
          wellFormed = false; // not "Key: value": a cut or mangled field
          break;
        }
        int v = colon + 2;
        if (v >= b) {
          wellFormed = false;
        } else if (key(msg, a, colon, "Duration")) {
          duration = quantity(msg, v, b, "ms");
        } else if (key(msg, a, colon, "Billed Duration")) {
          billed = quantity(msg, v, b, "ms");
        } else if (key(msg, a, colon, "Memory Size")) {
          memory = quantity(msg, v, b, "MB");
        } else if (key(msg, a, colon, "Max Memory Used")) {
          used = quantity(msg, v, b, "MB");
        } else if (key(msg, a, colon, "Init Duration")) {
          init = quantity(msg, v, b, "ms");
        } else if (key(msg, a, colon, "Restore Duration")) {
          restore = quantity(msg, v, b, "ms");
        } else if (key(msg, a, colon, "Status")) {
          statusField = msg.substring(v, b);
        } else if (key(msg, a, colon, "Error Type")) {
          errorType = msg.substring(v, b);
        } else if (key(msg, a, colon, "XRAY TraceId")) {
          wellFormed = isTraceId(msg, v, b);
          trace = msg.substring(v, b);
        } else if (key(msg, a, colon, "SegmentId")) {
          wellFormed = b - v == 16 && isHex(msg, v, b);
        } else if (key(msg, a, colon, "Sampled")) {
          wellFormed =
              msg.startsWith("true", v) && b - v == 4 || msg.startsWith("false", v) && b - v == 5;
        }
        // other keys: fields Lambda may add later, kept out of the invocation
      }
      if (!wellFormed
          || Double.isNaN(duration)
          || Double.isNaN(billed)
          || Double.isNaN(memory)
          || Double.isNaN(used)
          || Double.isNaN(init)
          || Double.isNaN(restore)) {
        dropPending(id);
        out.fail(
            DecodeFailure.TRUNCATED_REPORT,
            "REPORT lacks Duration, Billed Duration, Memory Size or Max Memory Used, or has"
                + " a field that is cut, not 'Key: value', or a number without its unit",
            msg);
        return;
      }
      InvocationStatus status = statusOf(statusField, errorType);
      emit(id, timestamp, duration, billed, memory, used, init, restore, status, errorType, trace);
    }

    /** Forgets what the lines before a failed REPORT said about its request. */
    void dropPending(String id) {
      Pending dropped = pending.remove(id);
      if (dropped != null && id.equals(current)) current = null;
    }

    /**
     * Handles a JSON message; returns false when it is not JSON after all (then it is a text line).
     */
    boolean jsonLine(String msg, int start, long timestamp) {
      JsonNode node;
      try {
        node = Json.MAPPER.readTree(msg);
      } catch (Exception e) {
        // '{"' opens a JSON object (a Lambda JSON-format event); anything else may be plain text.
        if (start + 1 < msg.length() && msg.charAt(start + 1) == '"') {
          out.fail(DecodeFailure.BAD_JSON, "JSON log event does not parse (cut or mangled)", msg);
          return true;
        }
        return false;
      }
      if (node == null || !node.isObject()) return false;
      String type = textOf(node.get("type"));
      JsonNode record = node.get("record");
      if ("platform.report".equals(type) && (record == null || !record.isObject())) {
        out.fail(DecodeFailure.TRUNCATED_REPORT, "platform.report without a record object", msg);
        return true;
      }
      if (type != null && type.startsWith("platform.") && record != null && record.isObject()) {
        String id = textOf(record.get("requestId"));
        switch (type) {
          case "platform.start" -> {
            if (id != null) {
              Pending p = pendingFor(id);
              current = id;
              String version = textOf(record.get("version"));
              if (version != null) p.version = version;
            }
            out.skip();
          }
          case "platform.runtimeDone" -> {
            if (id != null) {
              String errorType = textOf(record.get("errorType"));
              InvocationStatus s = statusOf(textOf(record.get("status")), errorType);
              if (s != InvocationStatus.SUCCESS) pendingFor(id).mark(s, errorType);
            }
            out.skip();
          }
          case "platform.report" -> jsonReport(id, record, msg, timestamp);
          default -> out.skip();
        }
        return true;
      }
      // Application JSON log line.
      String lineId = textOf(node.get("requestId"));
      markSelfInvocation(msg, lineId != null ? lineId : textOf(node.get("AWSRequestId")));
      String level = textOf(node.get("level"));
      String errorType = textOf(node.get("errorType"));
      JsonNode inner = node.get("message");
      if (errorType == null && inner != null && inner.isObject()) {
        errorType = textOf(inner.get("errorType"));
      }
      InvocationStatus status = null;
      if (OOM.equals(errorType)) {
        status = InvocationStatus.OUT_OF_MEMORY;
      } else if ("ERROR".equalsIgnoreCase(level)
          || "FATAL".equalsIgnoreCase(level)
          || errorType != null) {
        status = InvocationStatus.ERROR;
      } else if (msg.contains(TIMED_OUT)) {
        status = InvocationStatus.TIMEOUT;
      }
      if (status != null) {
        String id = textOf(node.get("requestId"));
        if (id == null) id = textOf(node.get("AWSRequestId"));
        if (id == null) id = current;
        if (id != null) pendingFor(id).mark(status, errorType);
      }
      out.skip();
      return true;
    }

    void jsonReport(String id, JsonNode record, String msg, long timestamp) {
      JsonNode m = record.get("metrics");
      if (id == null || m == null || !m.isObject()) {
        out.fail(DecodeFailure.TRUNCATED_REPORT, "platform.report lacks requestId or metrics", msg);
        return;
      }
      double duration = jsonNumber(m.get("durationMs"));
      double billed = jsonNumber(m.get("billedDurationMs"));
      double memory = jsonNumber(m.get("memorySizeMB"));
      double used = jsonNumber(m.get("maxMemoryUsedMB"));
      double init = m.has("initDurationMs") ? jsonNumber(m.get("initDurationMs")) : 0;
      double restore = m.has("restoreDurationMs") ? jsonNumber(m.get("restoreDurationMs")) : 0;
      if (Double.isNaN(duration)
          || Double.isNaN(billed)
          || Double.isNaN(memory)
          || Double.isNaN(used)
          || Double.isNaN(init)
          || Double.isNaN(restore)) {
        pending.remove(id);
        if (id.equals(current)) current = null;
        out.fail(
            DecodeFailure.TRUNCATED_REPORT,
            "platform.report metrics lack a required field or have an unparsable number",
            msg);
        return;
      }
      String errorType = textOf(record.get("errorType"));
      InvocationStatus status = statusOf(textOf(record.get("status")), errorType);
      JsonNode tracing = record.get("tracing");
      String trace = null;
      if (tracing != null && tracing.isObject()) {
        String value = textOf(tracing.get("value"));
        if (value != null && value.startsWith("Root=")) {
          int semi = value.indexOf(';');
          trace = value.substring(5, semi < 0 ? value.length() : semi);
        }
      }
      emit(id, timestamp, duration, billed, memory, used, init, restore, status, errorType, trace);
    }

    void emit(
        String id,
        long timestamp,
        double duration,
        double billed,
        double memory,
        double used,
        double init,
        double restore,
        InvocationStatus reportStatus,
        String errorType,
        String trace) {
      Pending p = pending.remove(id);
      if (id.equals(current)) current = null;
      Invocation inv = new Invocation();
      inv.accountId = accountId;
      inv.region = region;
      inv.functionName = functionName;
      inv.version = p != null && p.version != null ? p.version : streamVersion;
      inv.requestId = id;
      inv.timestamp = timestamp;
      inv.durationMs = duration;
      inv.billedDurationMs = billed;
      inv.memorySizeMb = (int) memory;
      inv.maxMemoryUsedMb = (int) used;
      inv.initDurationMs = init;
      inv.restoreDurationMs = restore;
      inv.coldStart = init > 0 || restore > 0;
      InvocationStatus status = reportStatus;
      String type = errorType;
      if (p != null) {
        status = worse(status, p.status);
        if (type == null) type = p.errorType;
        inv.selfInvocation = p.selfInvocation;
      }
      // A runtime that exits at its memory limit is the classic out-of-memory kill.
      if (status == InvocationStatus.ERROR
          && EXIT_ERROR.equals(type)
          && inv.memorySizeMb > 0
          && inv.maxMemoryUsedMb >= inv.memorySizeMb) {
        status = InvocationStatus.OUT_OF_MEMORY;
      }
      inv.status = status.name();
      inv.errorType = type;
      inv.xrayTraceId = trace;
      out.add(TelemetryEvent.of(inv, functionKey));
    }
  }

  /** Status from a report's status word and error type. */
  static InvocationStatus statusOf(String status, String errorType) {
    if (errorType != null && errorType.contains(OOM)) return InvocationStatus.OUT_OF_MEMORY;
    if (status != null) {
      switch (status.toLowerCase(java.util.Locale.ROOT)) {
        case "timeout", "timedout", "timed out" -> {
          return InvocationStatus.TIMEOUT;
        }
        case "error", "failure", "failed" -> {
          return errorType != null && errorType.contains("Timedout")
              ? InvocationStatus.TIMEOUT
              : InvocationStatus.ERROR;
        }
        default -> {}
      }
    }
    if (errorType != null && !errorType.isEmpty()) {
      return errorType.contains("Timedout") ? InvocationStatus.TIMEOUT : InvocationStatus.ERROR;
    }
    return InvocationStatus.SUCCESS;
  }

  private static int rank(InvocationStatus s) {
    return switch (s) {
      case SUCCESS -> 0;
      case THROTTLED -> 1;
      case ERROR -> 2;
      case TIMEOUT -> 3;
      case OUT_OF_MEMORY -> 4;
    };
  }

  static InvocationStatus worse(InvocationStatus a, InvocationStatus b) {
    return rank(b) > rank(a) ? b : a;
  }

  /**
   * True when the text from {@code s} is a START/END/REPORT RequestId prefix cut after its keyword
   * and at least one more character ({@code REPORT R}): too long to be an application line.
   */
  static boolean cutPlatformPrefix(String msg, int s) {
    int end = msg.length();
    while (end > s && Character.isWhitespace(msg.charAt(end - 1))) end--;
    int length = end - s;
    for (String prefix : PLATFORM_PREFIXES) {
      int keyword = prefix.indexOf(' ');
      if (length > keyword + 1
          && length < prefix.length()
          && prefix.regionMatches(0, msg, s, length)) {
        return true;
      }
    }
    return false;
  }

  private static final String[] PLATFORM_PREFIXES = {REPORT, START, END};

  /** The key of a {@code Key: value} field spanning {@code [a, colon)} is {@code key}. */
  private static boolean key(String s, int a, int colon, String key) {
    return colon - a == key.length() && s.startsWith(key, a);
  }

  /** {@code 1-<8 hex>-<24 hex>}, an X-Ray trace id. */
  static boolean isTraceId(String s, int from, int to) {
    return to - from == 35
        && s.startsWith("1-", from)
        && s.charAt(from + 10) == '-'
        && isHex(s, from + 2, from + 10)
        && isHex(s, from + 11, to);
  }

  private static boolean isHex(String s, int from, int to) {
    for (int i = from; i < to; i++) if (!isHex(s.charAt(i))) return false;
    return true;
  }

  private static int firstNonSpace(String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    return i;
  }

  /** End of the token starting at {@code from} (whitespace-delimited). */
  private static int tokenEnd(String s, int from) {
    int i = from;
    while (i < s.length() && !Character.isWhitespace(s.charAt(i))) i++;
    return i;
  }

  /**
   * Parses {@code <non-negative decimal> <unit>} spanning exactly {@code [from, to)}; NaN when the
   * number or the unit is absent or malformed (a REPORT field cut inside its number or unit).
   */
  static double quantity(String s, int from, int to, String unit) {
    int end = to - unit.length() - 1; // exactly one space between number and unit
    if (end <= from || !s.startsWith(unit, end + 1) || s.charAt(end) != ' ') return Double.NaN;
    boolean dot = false;
    for (int i = from; i < end; i++) {
      char c = s.charAt(i);
      if (c == '.' && !dot) dot = true;
      else if (c < '0' || c > '9') return Double.NaN;
    }
    return number(s, from, end);
  }

  /**
   * Parses a non-negative decimal between {@code from} and {@code to}, ignoring a trailing unit
   * ({@code ms}, {@code MB}); NaN when absent or malformed.
   */
  static double number(String s, int from, int to) {
    int i = from;
    while (i < to && s.charAt(i) == ' ') i++;
    int start = i;
    boolean dot = false;
    while (i < to) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        i++;
      } else if (c == '.' && !dot) {
        dot = true;
        i++;
      } else {
        break;
      }
    }
    if (i == start || (i == start + 1 && dot)) return Double.NaN;
    if (i < to && s.charAt(i) != ' ') return Double.NaN;
    return decimal(s, start, i);
  }

  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double p = 1;
    for (int k = 0; k < POWERS_OF_TEN.length; k++, p *= 10) POWERS_OF_TEN[k] = p;
  }

  /**
   * The digits (with at most one dot) in {@code [from, to)} as a double, bit for bit what {@link
   * Double#parseDouble} gives. Short decimals (the REPORT numbers) take the exact fast path: a
   * mantissa below 2^53 divided by an exactly representable power of ten is one correctly rounded
   * IEEE division. Anything longer goes to {@code parseDouble}.
   */
  static double decimal(String s, int from, int to) {
    long mantissa = 0;
    int fraction = -1;
    int digits = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        fraction = 0;
        continue;
      }
      mantissa = mantissa * 10 + (c - '0');
      if (fraction >= 0) fraction++;
      if (mantissa != 0 && ++digits > 15) return Double.parseDouble(s.substring(from, to));
    }
    int scale = Math.max(fraction, 0);
    if (scale >= POWERS_OF_TEN.length) return Double.parseDouble(s.substring(from, to));
    return scale == 0 ? (double) mantissa : mantissa / POWERS_OF_TEN[scale];
  }

  private static double jsonNumber(JsonNode n) {
    if (n == null || n.isNull()) return Double.NaN;
    double v;
    if (n.isNumber()) {
      v = n.asDouble();
    } else if (n.isTextual()) {
      String t = n.asText();
      v = number(t, 0, t.length());
    } else {
      return Double.NaN;
    }
    return Double.isFinite(v) && v >= 0 ? v : Double.NaN;
  }

  private static String textOf(JsonNode n) {
    if (n == null || n.isNull() || n.isContainerNode()) return null;
    String t = n.asText();
    return t.isEmpty() ? null : t;
  }

  /** Value of {@code "field":"value"} in a JSON-ish text, without parsing it; null if absent. */
  static String jsonStringField(String s, String field) {
    int k = s.indexOf("\"" + field + "\"");
    if (k < 0) return null;
    int colon = s.indexOf(':', k + field.length() + 2);
    if (colon < 0) return null;
    int q1 = s.indexOf('"', colon + 1);
    if (q1 < 0) return null;
    int q2 = s.indexOf('"', q1 + 1);
    if (q2 < 0 || q2 - q1 > 200) return null;
    return s.substring(q1 + 1, q2);
  }

  /** First UUID-shaped token (8-4-4-4-12 hex) in the text, or null. */
  static String findUuid(String s) {
    int n = s.length();
    for (int i = 0; i + 36 <= n; i++) {
      if (s.charAt(i + 8) == '-'
          && s.charAt(i + 13) == '-'
          && s.charAt(i + 18) == '-'
          && s.charAt(i + 23) == '-'
          && (i == 0 || !isHex(s.charAt(i - 1)))
          && (i + 36 == n || !isHex(s.charAt(i + 36)))
          && isUuidAt(s, i)) {
        return s.substring(i, i + 36);
      }
    }
    return null;
  }

  private static boolean isUuidAt(String s, int i) {
    for (int k = 0; k < 36; k++) {
      if (k == 8 || k == 13 || k == 18 || k == 23) continue;
      if (!isHex(s.charAt(i + k))) return false;
    }
    return true;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
