package io.vigil.models.sim;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import io.vigil.models.event.RawRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** Test-side decoding of simulator output, independent of the production decoders. */
final class SimDecoding {
  static final Pattern REPORT =
      Pattern.compile(
          "REPORT RequestId: ([0-9a-f-]{36})\\tDuration: (\\d+\\.\\d{2}) ms\\tBilled Duration: (\\d+)"
              + " ms\\tMemory Size: (\\d+) MB\\tMax Memory Used: (\\d+) MB\\t"
              + "(?:Init Duration: (\\d+\\.\\d{2}) ms\\t)?\\n"
              + "(?:XRAY TraceId: 1-[0-9a-f]{8}-[0-9a-f]{24}\\tSegmentId: [0-9a-f]{16}\\tSampled:"
              + " true\\t\\n)?");
  static final Pattern START =
      Pattern.compile("START RequestId: ([0-9a-f-]{36}) Version: (\\$LATEST|\\d+)\\n");
  static final Pattern FLOW_V2 =
      Pattern.compile(
          "2 (\\d{12}) (eni-[0-9a-f]{17}) (?:(\\S+) (\\S+) (\\d+) (\\d+) 6 (\\d+) (\\d+)|- - - - - - -)"
              + " (\\d+) (\\d+) (ACCEPT|REJECT|-) (OK|NODATA)");

  private SimDecoding() {}

  static String gunzip(byte[] data) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String s) {
    try {
      return Json.MAPPER.readTree(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One invocation as its logs tell it. */
  static final class Report {
    String function;
    String version;
    long timestamp;
    double durationMs;
    long billedMs;
    int memoryMb;
    int usedMb;
    boolean timedOut;
    boolean error;
    boolean selfInvoke;
  }

  /** One flow line. */
  record Flow(
      String eni,
      String src,
      String dst,
      int srcPort,
      int dstPort,
      long bytes,
      long start,
      String action,
      String status) {}

  /** Everything decoded from a batch of records. */
  static final class Batch {
    final List<Report> reports = new ArrayList<>();
    final List<Flow> flows = new ArrayList<>();
    final List<String> billing = new ArrayList<>();
    final List<JsonNode> lambdaEnvelopes = new ArrayList<>();
    int timeoutLines;

    void add(List<RawRecord> records) {
      for (RawRecord r : records) add(r);
    }

    void add(RawRecord r) {
      switch (r.streamKind()) {
        case LAMBDA_LOGS -> lambda(json(gunzip(r.data)));
        case FLOW_LOGS -> {
          String text;
          if (r.data.length > 1 && (r.data[0] & 0xff) == 0x1f && (r.data[1] & 0xff) == 0x8b) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode e : json(gunzip(r.data)).get("logEvents")) {
              sb.append(e.get("message").asText()).append('\n');
            }
            text = sb.toString();
          } else text = new String(r.data, UTF_8);
          for (String line : text.split("\n")) if (!line.isEmpty()) flows.add(flow(line));
        }
        case BILLING -> billing.add(new String(r.data, UTF_8));
      }
    }

    private void lambda(JsonNode env) {
      lambdaEnvelopes.add(env);
      String fn = env.get("logGroup").asText().substring("/aws/lambda/".length());
      java.util.Map<String, Report> open = new java.util.HashMap<>();
      Report current = null;
      for (JsonNode e : env.get("logEvents")) {
        String m = e.get("message").asText();
        long ts = e.get("timestamp").asLong();
        if (m.startsWith("{")) {
          JsonNode j = json(m);
          String type = j.path("type").asText();
          if (type.equals("platform.start")) {
            Report rep = new Report();
            rep.function = fn;
            rep.version = j.get("record").get("version").asText();
            open.put(j.get("record").get("requestId").asText(), rep);
            current = rep;
          } else if (type.equals("platform.report")) {
            JsonNode rec = j.get("record");
            Report rep = open.remove(rec.get("requestId").asText());
            JsonNode mt = rec.get("metrics");
            rep.timestamp = ts;
            rep.durationMs = mt.get("durationMs").asDouble();
            rep.billedMs = mt.get("billedDurationMs").asLong();
            rep.memoryMb = mt.get("memorySizeMB").asInt();
            rep.usedMb = mt.get("maxMemoryUsedMB").asInt();
            rep.timedOut = rec.get("status").asText().equals("timeout");
            rep.error |= rec.get("status").asText().equals("error");
            reports.add(rep);
          } else if (j.has("requestId")) {
            Report rep = open.get(j.get("requestId").asText());
            if (j.path("level").asText().equals("ERROR")) rep.error = true;
            if (j.path("message").asText().startsWith("Invoking function")) rep.selfInvoke = true;
          }
          continue;
        }
        Matcher s = START.matcher(m);
        if (s.matches()) {
          Report rep = new Report();
          rep.function = fn;
          rep.version = s.group(2);
          open.put(s.group(1), rep);
          current = rep;
          continue;
        }
        Matcher rm = REPORT.matcher(m);
        if (rm.matches()) {
          Report rep = open.remove(rm.group(1));
          rep.timestamp = ts;
          rep.durationMs = Double.parseDouble(rm.group(2));
          rep.billedMs = Long.parseLong(rm.group(3));
          rep.memoryMb = Integer.parseInt(rm.group(4));
          rep.usedMb = Integer.parseInt(rm.group(5));
          reports.add(rep);
          continue;
        }
        Report rep = current;
        if (rep == null) continue;
        if (m.contains("Task timed out after")) {
          rep.timedOut = true;
          timeoutLines++;
        }
        if (m.startsWith("[ERROR]")) rep.error = true;
        if (m.contains("\tINFO\tInvoking function")) rep.selfInvoke = true;
      }
    }
  }

  static Flow flow(String line) {
    Matcher m = FLOW_V2.matcher(line);
    if (!m.matches()) throw new AssertionError("not a v2 flow line: " + line);
    if (m.group(3) == null) {
      return new Flow(
          m.group(2), null, null, -1, -1, -1, Long.parseLong(m.group(9)), "-", "NODATA");
    }
    return new Flow(
        m.group(2),
        m.group(3),
        m.group(4),
        Integer.parseInt(m.group(5)),
        Integer.parseInt(m.group(6)),
        Long.parseLong(m.group(8)),
        Long.parseLong(m.group(9)),
        m.group(11),
        m.group(12));
  }
}
