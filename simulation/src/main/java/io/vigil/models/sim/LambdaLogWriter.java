package io.vigil.models.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a function's invocations of one minute as CloudWatch Logs subscription envelopes (JSON,
 * gzip-compressed), in Lambda's text or JSON log format, at most {@value #MAX_EVENTS} log events
 * per envelope.
 */
final class LambdaLogWriter {
  static final int MAX_EVENTS = 200;
  static final String SUBSCRIPTION_FILTER = "vigil-lambda";
  private static final String[] APP_MESSAGES = {
    "request handled",
    "order accepted id=A-",
    "cache miss key=k",
    "processed batch size=",
    "fetched item id=",
    "wrote record seq="
  };
  private static final String[][] ERRORS = {
    {"ConnectionError", "upstream returned 503"},
    {"ValueError", "invalid payload: missing field 'id'"},
    {"TypeError", "Cannot read properties of undefined (reading 'items')"},
  };

  /** An envelope ready to become a Kinesis record. */
  record Envelope(long firstTimestamp, long lastTimestamp, byte[] gzipped) {}

  private record LogEvent(long ts, String message) {}

  private final SimText text = new SimText();
  private final StringBuilder msg = new StringBuilder(512);
  private final StringBuilder env = new StringBuilder(64 * 1024);
  private final List<LogEvent> events = new ArrayList<>(MAX_EVENTS);
  private long eventCounter;

  /** Envelopes written so far; every {@link #truncateEvery}-th gets a truncated REPORT. */
  private long envelopeCount;

  private int truncateEvery;

  void truncateEvery(int n) {
    this.truncateEvery = n;
  }

  void write(
      FunctionSpec f, long streamSeed, List<SimInvocation> invs, List<Envelope> out, long minute) {
    events.clear();
    int chunk = 0;
    String version = null;
    for (SimInvocation inv : invs) {
      if (events.size() + 5 > MAX_EVENTS || (version != null && !version.equals(inv.version))) {
        out.add(flush(f, version, streamSeed, minute, chunk++));
      }
      version = inv.version;
      if (f.jsonLogFormat) json(f, inv);
      else text(f, inv);
    }
    if (!events.isEmpty()) out.add(flush(f, version, streamSeed, minute, chunk));
  }

  private void text(FunctionSpec f, SimInvocation inv) {
    String id = requestId(inv);
    msg.setLength(0);
    msg.append("START RequestId: ").append(id).append(" Version: ").append(inv.version);
    add(inv.startMs, msg.append('\n'));

    long appTs = inv.startMs + Math.min(40, (long) (inv.durationMs * 0.3));
    msg.setLength(0);
    text.appendIso(msg, appTs);
    msg.append('\t').append(id).append("\tINFO\t");
    appMessage(f, inv);
    add(appTs, msg.append('\n'));

    long end = inv.endMs();
    if (inv.status == SimInvocation.ERROR) {
      String[] err = ERRORS[(int) ((inv.idLo >>> 8) & 0x7FFF) % ERRORS.length];
      long errTs = Math.max(appTs, end - 1);
      msg.setLength(0);
      msg.append("[ERROR]\t");
      text.appendIso(msg, errTs);
      msg.append('\t').append(id).append('\t').append(err[0]).append(": ").append(err[1]);
      add(errTs, msg.append('\n'));
    } else if (inv.status == SimInvocation.TIMEOUT) {
      msg.setLength(0);
      text.appendIso(msg, end);
      msg.append(' ').append(id).append(" Task timed out after ");
      msg.append(f.timeoutSeconds).append(".00 seconds\n\n");
      add(end, msg);
    }
    msg.setLength(0);
    add(end, msg.append("END RequestId: ").append(id).append('\n'));

    msg.setLength(0);
    msg.append("REPORT RequestId: ").append(id).append("\tDuration: ");
    SimText.appendFixed2(msg, inv.durationMs);
    msg.append(" ms\tBilled Duration: ").append(inv.billedMs);
    msg.append(" ms\tMemory Size: ").append(f.memorySizeMb);
    msg.append(" MB\tMax Memory Used: ").append(inv.memoryUsedMb).append(" MB\t");
    if (inv.initMs > 0) {
      msg.append("Init Duration: ");
      SimText.appendFixed2(msg, inv.initMs);
      msg.append(" ms\t");
    }
    msg.append('\n');
    if (inv.xray) {
      msg.append("XRAY TraceId: 1-");
      SimText.appendHex(msg, inv.startMs / 1000, 8);
      msg.append('-');
      SimText.appendHex(msg, inv.idHi, 16);
      SimText.appendHex(msg, inv.idLo, 8);
      msg.append("\tSegmentId: ");
      SimText.appendHex(msg, inv.idLo ^ inv.idHi, 16);
      msg.append("\tSampled: true\t\n");
    }
    add(end, msg);
  }

  private void json(FunctionSpec f, SimInvocation inv) {
    String id = requestId(inv);
    msg.setLength(0);
    msg.append("{\"time\":\"");
    text.appendIso(msg, inv.startMs);
    msg.append("\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"").append(id);
    msg.append("\",\"version\":\"").append(inv.version).append("\"}}");
    add(inv.startMs, msg);

    long appTs = inv.startMs + Math.min(40, (long) (inv.durationMs * 0.3));
    msg.setLength(0);
    msg.append("{\"timestamp\":\"");
    text.appendIso(msg, appTs);
    msg.append("\",\"level\":\"INFO\",\"requestId\":\"").append(id).append("\",\"message\":\"");
    int mark = msg.length();
    appMessage(f, inv);
    String body = msg.substring(mark);
    msg.setLength(mark);
    SimText.appendJsonEscaped(msg, body);
    add(appTs, msg.append("\"}"));

    long end = inv.endMs();
    String[] err = null;
    if (inv.status == SimInvocation.ERROR) {
      err = ERRORS[(int) ((inv.idLo >>> 8) & 0x7FFF) % ERRORS.length];
      long errTs = Math.max(appTs, end - 1);
      msg.setLength(0);
      msg.append("{\"timestamp\":\"");
      text.appendIso(msg, errTs);
      msg.append("\",\"level\":\"ERROR\",\"requestId\":\"").append(id);
      msg.append("\",\"message\":{\"errorType\":\"").append(err[0]);
      msg.append("\",\"errorMessage\":\"");
      SimText.appendJsonEscaped(msg, err[1]);
      add(errTs, msg.append("\"}}"));
    }
    msg.setLength(0);
    msg.append("{\"time\":\"");
    text.appendIso(msg, end);
    msg.append("\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"").append(id);
    msg.append("\",\"metrics\":{\"durationMs\":");
    SimText.appendFixed2(msg, inv.durationMs);
    msg.append(",\"billedDurationMs\":").append(inv.billedMs);
    msg.append(",\"memorySizeMB\":").append(f.memorySizeMb);
    msg.append(",\"maxMemoryUsedMB\":").append(inv.memoryUsedMb);
    if (inv.initMs > 0) {
      msg.append(",\"initDurationMs\":");
      SimText.appendFixed2(msg, inv.initMs);
    }
    msg.append("},\"status\":\"");
    if (inv.status == SimInvocation.ERROR) {
      msg.append("error\",\"errorType\":\"").append(err[0]).append("\"}}");
    } else if (inv.status == SimInvocation.TIMEOUT) {
      msg.append("timeout\"}}");
    } else msg.append("success\"}}");
    add(end, msg);
  }

  private void appMessage(FunctionSpec f, SimInvocation inv) {
    if (inv.selfInvoke) {
      msg.append("Invoking function ").append(f.arn()).append(" asynchronously");
      return;
    }
    int k = (int) ((inv.idHi >>> 3) & 0x7FFF) % APP_MESSAGES.length;
    msg.append(APP_MESSAGES[k]);
    if (APP_MESSAGES[k].endsWith("=") || APP_MESSAGES[k].endsWith("-")) {
      msg.append((inv.idLo >>> 20) & 0xFFFF);
    }
  }

  private static String requestId(SimInvocation inv) {
    StringBuilder sb = new StringBuilder(36);
    SimText.appendUuid(sb, inv.idHi, inv.idLo);
    return sb.toString();
  }

  private void add(long ts, CharSequence message) {
    events.add(new LogEvent(ts, message.toString()));
  }

  private Envelope flush(FunctionSpec f, String version, long streamSeed, long minute, int chunk) {
    envelopeCount++;
    boolean truncate = truncateEvery > 0 && envelopeCount % truncateEvery == truncateEvery / 2;
    env.setLength(0);
    long first = events.get(0).ts();
    env.append("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"").append(f.accountId);
    env.append("\",\"logGroup\":\"/aws/lambda/").append(f.name);
    env.append("\",\"logStream\":\"").append(text.daySlash(first)).append("/[").append(version);
    env.append(']');
    long h = FleetSimulator.mix(streamSeed, (first / 86_400_000L) * 31 + version.hashCode());
    long slot = FleetSimulator.mix(h, (minute * 7 + chunk) % 4);
    SimText.appendHex(env, slot, 16);
    SimText.appendHex(env, FleetSimulator.mix(slot, 1), 16);
    // One filter per region, named with it: how a stream fed from several regions tells them apart
    env.append("\",\"subscriptionFilters\":[\"").append(SUBSCRIPTION_FILTER).append('-');
    env.append(f.region);
    env.append("\"],\"logEvents\":[");
    long last = first;
    for (int i = 0; i < events.size(); i++) {
      LogEvent e = events.get(i);
      String m = e.message();
      if (truncate && (m.startsWith("REPORT") || m.contains("\"platform.report\""))) {
        int cut = m.indexOf(m.startsWith("REPORT") ? "Duration: " : "\"durationMs\":");
        m = m.substring(0, Math.min(m.length(), cut + (m.startsWith("REPORT") ? 12 : 15)));
        truncate = false;
      }
      if (i > 0) env.append(',');
      env.append("{\"id\":\"");
      SimText.appendPadded(env, e.ts(), 13);
      SimText.appendPadded(env, ++eventCounter, 43);
      env.append("\",\"timestamp\":").append(e.ts()).append(",\"message\":\"");
      SimText.appendJsonEscaped(env, m);
      env.append("\"}");
      last = Math.max(last, e.ts());
    }
    env.append("]}");
    events.clear();
    byte[] raw = env.toString().getBytes(StandardCharsets.UTF_8);
    return new Envelope(first, last, SimText.gzip(raw));
  }
}
