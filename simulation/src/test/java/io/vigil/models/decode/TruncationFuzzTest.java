package io.vigil.models.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.models.Json;
import io.vigil.models.event.Invocation;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every bad record accounted for: each shared sample and simulator-made envelopes in both Lambda
 * log formats are cut at every byte offset, whole and line by line, and have bytes replaced. The
 * oracle is positional (which line was touched), not the decoder: a touched line must fail with a
 * reason at its own line index, an untouched line never fails, and invocation totals per function
 * equal the number of intact REPORT lines exactly.
 *
 * <p>The only cuts allowed to pass are those that leave a line the format itself cannot tell from a
 * clean one: a Lambda line cut to blank, a lone {@code {} or a bare keyword ({@code REPO}), which
 * read as application lines; a flow-log header cut between two field names; a billing header cut
 * after its required columns; a billing row cut just after its last comma (an empty tag column).
 * The test counts those separately and checks they stay a small minority.
 */
class TruncationFuzzTest {
  private static final List<String> LAMBDA_SAMPLES =
      List.of("lambda-envelope.json", "lambda-envelope-jsonformat.json");
  private static final Map<String, StreamKind> TEXT_SAMPLES =
      Map.of(
          "vpc-flow-v2.txt", StreamKind.FLOW_LOGS,
          "vpc-flow-v5-custom.txt", StreamKind.FLOW_LOGS,
          "cur2-lambda.csv", StreamKind.BILLING,
          "focus-lambda.csv", StreamKind.BILLING);

  /** Simulator envelopes, cut to a window of lines to keep the run to seconds. */
  private static final int SIM_WINDOW = 14;

  private static final RecordDecoder DECODER = new RecordDecoder();
  private static final List<ObjectNode> SIM_TEXT = new ArrayList<>();
  private static final List<ObjectNode> SIM_JSON = new ArrayList<>();
  private static final List<byte[]> SIM_GZIP = new ArrayList<>();

  /** Tallies printed at the end of each test, for the issue note. */
  private final Map<String, Integer> counts = new TreeMap<>();

  @BeforeAll
  static void simulate() {
    FleetSimulator sim =
        new FleetSimulator(new SimulationConfig().functions(12).jsonLogShare(0.5).seed(7));
    List<RawRecord> lambda = new ArrayList<>();
    for (int m = 0; m < 3; m++) {
      for (RawRecord r : sim.nextMinute())
        if (r.streamKind() == StreamKind.LAMBDA_LOGS) lambda.add(r);
    }
    lambda.sort(Comparator.comparingInt((RawRecord r) -> r.data.length));
    for (RawRecord r : lambda) {
      ObjectNode env;
      try {
        env = (ObjectNode) Json.MAPPER.readTree(GzipGuard.gunzip(r.data, 1 << 24));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      boolean json = env.get("logEvents").get(0).get("message").asText().startsWith("{");
      List<ObjectNode> into = json ? SIM_JSON : SIM_TEXT;
      if (into.size() < 2) {
        into.add(window(env, SIM_WINDOW));
        SIM_GZIP.add(r.data);
      }
    }
    assertThat(SIM_TEXT).hasSize(2);
    assertThat(SIM_JSON).hasSize(2);
  }

  // ---------------------------------------------------------------- whole records cut short

  @Test
  void everyLambdaRecordCutAtEveryByteIsDeadLetteredWhole() {
    List<byte[]> inputs = new ArrayList<>();
    for (String name : LAMBDA_SAMPLES) {
      inputs.add(Samples.bytes(name));
      inputs.add(Samples.gzip(Samples.bytes(name)));
    }
    inputs.add(Samples.bytes("lambda-envelope.json.gz"));
    inputs.addAll(SIM_GZIP);
    for (byte[] full : inputs) {
      DecodeResult clean = decode(StreamKind.LAMBDA_LOGS, full);
      assertThat(clean.failures).isEmpty();
      for (int k = 0; k < full.length; k++) {
        byte[] cut = Arrays.copyOf(full, k);
        DecodeResult r = decode(StreamKind.LAMBDA_LOGS, cut);
        boolean onlyTrailingSpace =
            k > 0
                && !GzipGuard.isGzip(full)
                && new String(full, k, full.length - k, StandardCharsets.UTF_8).isBlank();
        if (onlyTrailingSpace) {
          assertThat(r.events).isEqualTo(clean.events); // only trailing whitespace was cut
          count("lambda record: cut in trailing whitespace, clean");
          continue;
        }
        assertThat(r.events).as("cut at %d", k).isEmpty();
        assertThat(r.failures).as("cut at %d", k).hasSize(1);
        DecodeFailure f = r.failures.get(0);
        assertThat(f.line()).isEqualTo(DecodeFailure.WHOLE_RECORD);
        assertThat(f.reason()).isIn("bad-json", "bad-gzip", "empty-record");
        count("lambda record: cut, dead-lettered whole (" + f.reason() + ")");
      }
    }
    print("whole Lambda records cut");
  }

  @Test
  void flowAndBillingRecordsCutAtEveryByteFailOnlyTheCutLine() {
    for (Map.Entry<String, StreamKind> sample : TEXT_SAMPLES.entrySet()) {
      byte[] full = Samples.bytes(sample.getKey());
      StreamKind kind = sample.getValue();
      String text = new String(full, StandardCharsets.UTF_8);
      assertThat(decode(kind, full).failures).isEmpty();
      assertThat(decode(kind, new byte[0]).failures)
          .extracting(DecodeFailure::reason)
          .containsExactly("empty-record");
      for (int k = 1; k < text.length(); k++) {
        String prefix = text.substring(0, k);
        int lastBreak = prefix.lastIndexOf('\n');
        String complete = prefix.substring(0, lastBreak + 1);
        String partial = prefix.substring(lastBreak + 1);
        int index = lineCount(complete);
        String original = lineAt(text, index);
        DecodeResult r = decode(kind, prefix.getBytes(StandardCharsets.UTF_8));
        DecodeResult good =
            complete.isEmpty()
                ? new DecodeResult()
                : decode(kind, complete.getBytes(StandardCharsets.UTF_8));
        assertThat(good.failures).isEmpty();
        assertThat(r.events.subList(0, Math.min(r.events.size(), good.events.size())))
            .as("%s cut at %d: lines before the cut decode as without it", sample.getKey(), k)
            .isEqualTo(good.events);
        String what = sample.getKey() + " cut at " + k + ": " + partial;
        if (partial.isBlank() || partial.equals(original.stripTrailing())) {
          assertThat(r.failures).as(what).isEmpty();
          count("flow/billing: cut at a line end, clean");
        } else if (legitimatelyShorter(kind, index, partial, original)) {
          assertThat(r.failures).as(what).isEmpty();
          assertThat(r.events.size() + r.skippedLines)
              .isEqualTo(good.events.size() + good.skippedLines + 1);
          count("flow/billing: cut leaves a well-formed shorter line, accepted");
        } else {
          assertThat(r.failures).as(what).hasSize(1);
          assertThat(r.failures.get(0).line()).as(what).isEqualTo(index);
          assertThat(r.failures.get(0).reason())
              .isIn("bad-flow-line", "bad-billing-row", "unsupported-format");
          assertThat(r.events).as(what).isEqualTo(good.events);
          count("flow/billing: cut line failed (" + r.failures.get(0).reason() + ")");
        }
      }
      byte[] gz = Samples.gzip(full);
      for (int k = 2; k < gz.length; k++) {
        DecodeResult r = decode(kind, Arrays.copyOf(gz, k));
        assertThat(r.events).isEmpty();
        assertThat(r.failures).extracting(DecodeFailure::reason).containsExactly("bad-gzip");
        count("flow/billing gzip: cut, dead-lettered whole");
      }
    }
    print("flow and billing records cut");
  }

  // ---------------------------------------------------------------- one line cut inside a good
  // envelope

  @Test
  void everyLambdaLineCutAtEveryOffsetFailsAloneAndInvocationTotalsMatch() {
    List<ObjectNode> envelopes = new ArrayList<>();
    for (String name : LAMBDA_SAMPLES) envelopes.add(envelope(Samples.bytes(name)));
    envelopes.addAll(SIM_TEXT);
    envelopes.addAll(SIM_JSON);
    for (ObjectNode env : envelopes) {
      List<String> lines = messages(env);
      DecodeResult clean = decode(StreamKind.LAMBDA_LOGS, bytes(env));
      assertThat(clean.failures).isEmpty();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        for (int k = 0; k < line.length(); k++) {
          List<String> cut = new ArrayList<>(lines);
          cut.set(i, line.substring(0, k));
          checkOneLineTouched(env, lines, clean, cut, i, mustFailWhenCut(line, cut.get(i)));
        }
      }
    }
    print("Lambda lines cut inside good envelopes");
  }

  @Test
  void replacedCharactersInRequiredReportFieldsFailTheLineAlone() {
    List<ObjectNode> envelopes = new ArrayList<>();
    envelopes.add(envelope(Samples.bytes("lambda-envelope.json")));
    envelopes.addAll(SIM_TEXT);
    for (ObjectNode env : envelopes) {
      List<String> lines = messages(env);
      DecodeResult clean = decode(StreamKind.LAMBDA_LOGS, bytes(env));
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (!line.startsWith("REPORT RequestId: ")) continue;
        for (int[] span : requiredSpans(line)) {
          for (int p = span[0]; p < span[1]; p++) {
            for (char c : new char[] {'x', ' ', '\t', '-'}) {
              if (line.charAt(p) == c) continue;
              List<String> changed = new ArrayList<>(lines);
              changed.set(i, line.substring(0, p) + c + line.substring(p + 1));
              checkOneLineTouched(env, lines, clean, changed, i, true);
            }
          }
        }
      }
    }
    print("characters replaced in required REPORT fields");
  }

  @Test
  void flippedBytesAnywhereNeverFailAnUntouchedLine() {
    List<ObjectNode> envelopes = new ArrayList<>();
    for (String name : LAMBDA_SAMPLES) envelopes.add(envelope(Samples.bytes(name)));
    envelopes.add(SIM_TEXT.get(0));
    envelopes.add(SIM_JSON.get(0));
    for (ObjectNode env : envelopes) {
      List<String> lines = messages(env);
      DecodeResult clean = decode(StreamKind.LAMBDA_LOGS, bytes(env));
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        for (int p = 0; p < line.length(); p++) {
          for (int bit : new int[] {0x01, 0x20}) {
            List<String> changed = new ArrayList<>(lines);
            changed.set(
                i, line.substring(0, p) + (char) (line.charAt(p) ^ bit) + line.substring(p + 1));
            checkOneLineTouched(env, lines, clean, changed, i, false);
          }
        }
      }
    }
    for (Map.Entry<String, StreamKind> sample : TEXT_SAMPLES.entrySet()) {
      String text = Samples.text(sample.getKey());
      for (int p = 0; p < text.length(); p++) {
        if (text.charAt(p) == '\n') continue;
        int index = lineCount(text.substring(0, p));
        for (char c : new char[] {'x', ' ', ','}) {
          String changed = text.substring(0, p) + c + text.substring(p + 1);
          DecodeResult r = decode(sample.getValue(), changed.getBytes(StandardCharsets.UTF_8));
          if (index > 0) { // a touched header may legitimately fail the rows it describes
            assertThat(r.failures)
                .as("%s with %s at %d", sample.getKey(), c, p)
                .allSatisfy(f -> assertThat(f.line()).isEqualTo(index));
          }
          count(
              "flow/billing byte replaced: " + (r.failures.isEmpty() ? "accepted" : "line failed"));
        }
      }
    }
    print("bytes flipped");
  }

  @Test
  void simulatorCorruptionNeverPassesSilently() {
    // corrupted gzip records and envelopes with a cut REPORT / platform.report, both log formats
    FleetSimulator sim =
        new FleetSimulator(
            new SimulationConfig().functions(20).jsonLogShare(0.5).seed(11).corruptEvery(7));
    int records = 0;
    int badGzip = 0;
    int cutReports = 0;
    for (int m = 0; m < 5; m++) {
      for (RawRecord r : sim.nextMinute()) {
        if (r.streamKind() != StreamKind.LAMBDA_LOGS) continue;
        records++;
        DecodeResult result = decode(StreamKind.LAMBDA_LOGS, r.data);
        ObjectNode env;
        try {
          env = envelope(GzipGuard.gunzip(r.data, 1 << 24));
        } catch (DecodeException e) {
          assertThat(result.failures).extracting(DecodeFailure::reason).containsExactly("bad-gzip");
          assertThat(result.events).isEmpty();
          badGzip++;
          continue;
        }
        List<String> lines = messages(env);
        Set<Integer> cut = new HashSet<>();
        int reports = 0;
        for (int i = 0; i < lines.size(); i++) {
          String l = lines.get(i);
          boolean report = l.startsWith("REPORT") || l.contains("\"platform.report\"");
          if (report && !isReport(l) || report && l.startsWith("REPORT") && !l.contains("MB\t")) {
            cut.add(i);
          } else if (report) {
            reports++;
          }
        }
        assertThat(result.failures).extracting(DecodeFailure::line).containsExactlyElementsOf(cut);
        assertThat(invocations(result)).hasSize(reports);
        cutReports += cut.size();
      }
    }
    assertThat(badGzip).isPositive();
    assertThat(cutReports).isPositive();
    System.out.printf(
        "TruncationFuzzTest, simulator corruption: %d Lambda records, %d bad gzip, %d cut"
            + " REPORT lines, all dead-lettered%n",
        records, badGzip, cutReports);
  }

  // ---------------------------------------------------------------- the oracle

  /**
   * Decodes the envelope with line {@code i} replaced and checks: only line {@code i} may fail (and
   * must, when {@code mustFail}); every line is an event, a failure or a skipped line; invocations
   * of untouched requests equal the clean decode's; per function, invocations equal the intact
   * REPORT lines plus the touched line when it still decodes as one.
   */
  private void checkOneLineTouched(
      ObjectNode env,
      List<String> lines,
      DecodeResult clean,
      List<String> changed,
      int i,
      boolean mustFail) {
    DecodeResult r = decode(StreamKind.LAMBDA_LOGS, bytes(withMessages(env, changed)));
    String what = "line " + i + " -> " + DecodeFailure.excerpt(changed.get(i));
    assertThat(r.failures).as(what).allSatisfy(f -> assertThat(f.line()).isEqualTo(i));
    assertThat(r.failures).as(what).hasSizeLessThanOrEqualTo(1);
    assertThat(r.events.size() + r.failures.size() + r.skippedLines)
        .as(what)
        .isEqualTo(lines.size());
    if (mustFail) {
      assertThat(r.failures).as(what).hasSize(1);
      assertThat(r.failures.get(0).reason()).isIn("bad-json", "truncated-report", "truncated-line");
    }
    boolean touchedReportDecoded = r.failures.isEmpty() && isReport(changed.get(i));
    int intactReports = 0;
    for (int k = 0; k < lines.size(); k++) if (k != i && isReport(lines.get(k))) intactReports++;
    assertThat(invocations(r).size())
        .as(what)
        .isEqualTo(intactReports + (touchedReportDecoded ? 1 : 0));
    // Requests the touched line does not name decode exactly as before.
    String touched = lines.get(i);
    String now = changed.get(i);
    List<Invocation> before = new ArrayList<>();
    for (Invocation inv : invocations(clean)) {
      if (!touched.contains(inv.requestId) && !now.contains(inv.requestId)) before.add(inv);
    }
    List<Invocation> after = new ArrayList<>();
    for (Invocation inv : invocations(r)) {
      if (!touched.contains(inv.requestId) && !now.contains(inv.requestId)) after.add(inv);
    }
    if (!touchesStart(touched)) assertThat(after).as(what).isEqualTo(before);
    count(
        "lambda line touched: "
            + (r.failures.isEmpty()
                ? (mustFail ? "MISSED" : "accepted (still well-formed or application text)")
                : "failed (" + r.failures.get(0).reason() + ")"));
  }

  /** A START line sets the "current" request that request-less lines after it belong to. */
  private static boolean touchesStart(String line) {
    return line.startsWith("START") || line.contains("platform.start");
  }

  /**
   * Whether a Lambda line cut to {@code cut} must fail: platform lines and JSON events must, unless
   * the cut leaves something that reads as an application line (blank, a lone brace, a bare keyword
   * or less). Application text lines are opaque: a cut one is still application text.
   */
  private static boolean mustFailWhenCut(String line, String cut) {
    // a multi-line message cut at one of its line ends (a REPORT without its XRAY line) is whole
    if (cut.endsWith("\n") && !line.startsWith("{")) return false;
    String c = cut.strip();
    if (line.startsWith("{\"")) return c.length() >= 2;
    for (String p : new String[] {"REPORT RequestId: ", "START RequestId: ", "END RequestId: "}) {
      if (line.startsWith(p)) return c.length() > p.indexOf(' ') + 1;
    }
    return false;
  }

  /** Flow-log header cut between field names; billing header still holding its required columns. */
  private static boolean legitimatelyShorter(
      StreamKind kind, int index, String partial, String original) {
    String p = partial.stripTrailing();
    if (kind == StreamKind.FLOW_LOGS) {
      boolean header = index == 0 && original.startsWith("version ");
      return header && (original + " ").startsWith(p + " ");
    }
    if (index == 0) {
      return BillingRowParser.missingRequiredColumn(List.of(p.split(",", -1))) == null;
    }
    // a data row cut just after its last comma: the last (tag) column reads as empty
    return partial.endsWith(",")
        && original.startsWith(partial)
        && original.indexOf(',', partial.length()) < 0;
  }

  /** [start, end) of each required REPORT field, key through unit. */
  private static List<int[]> requiredSpans(String line) {
    List<int[]> spans = new ArrayList<>();
    for (String key :
        new String[] {"\tDuration: ", "Billed Duration: ", "Memory Size: ", "Max Memory Used: "}) {
      int a = line.indexOf(key);
      int b = line.indexOf('\t', a + key.length());
      spans.add(new int[] {key.startsWith("\t") ? a + 1 : a, b});
    }
    return spans;
  }

  /** A text REPORT line, or a JSON event (it opens with a quote) that parses as platform.report. */
  private static boolean isReport(String line) {
    return REPORTS.computeIfAbsent(line, TruncationFuzzTest::parsesAsReport);
  }

  private static final Map<String, Boolean> REPORTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static boolean parsesAsReport(String line) {
    if (line.startsWith("REPORT RequestId: ")) return true;
    if (!line.startsWith("{\"")) return false;
    try {
      return "platform.report".equals(Json.MAPPER.readTree(line).path("type").asText());
    } catch (Exception e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- helpers

  private static DecodeResult decode(StreamKind kind, byte[] data) {
    DecodeResult r = DECODER.decode(Samples.record(kind, data));
    assertThat(r.failures).noneMatch(f -> f.reason().equals(DecodeFailure.INTERNAL_ERROR));
    Set<Integer> lines = new HashSet<>();
    for (DecodeFailure f : r.failures) {
      assertThat(lines.add(f.line())).as("one failure per line: %s", r.failures).isTrue();
      assertThat(f.detail()).isNotBlank();
    }
    return r;
  }

  private static List<Invocation> invocations(DecodeResult r) {
    List<Invocation> out = new ArrayList<>();
    for (TelemetryEvent e : r.events) if (e.invocation != null) out.add(e.invocation);
    return out;
  }

  private static ObjectNode envelope(byte[] json) {
    try {
      return (ObjectNode) Json.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode window(ObjectNode env, int size) {
    ObjectNode copy = env.deepCopy();
    ArrayNode events = (ArrayNode) copy.get("logEvents");
    while (events.size() > size) events.remove(events.size() - 1);
    return copy;
  }

  private static List<String> messages(ObjectNode env) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : env.get("logEvents")) out.add(e.get("message").asText());
    return out;
  }

  private static ObjectNode withMessages(ObjectNode env, List<String> messages) {
    ObjectNode copy = env.deepCopy();
    ArrayNode events = (ArrayNode) copy.get("logEvents");
    for (int i = 0; i < messages.size(); i++)
      ((ObjectNode) events.get(i)).put("message", messages.get(i));
    return copy;
  }

  private static byte[] bytes(ObjectNode env) {
    return Json.write(env).getBytes(StandardCharsets.UTF_8);
  }

  private static int lineCount(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') n++;
    return n;
  }

  private static String lineAt(String text, int index) {
    String[] lines = text.split("\n", -1);
    return index < lines.length ? lines[index] : "";
  }

  private void count(String what) {
    counts.merge(what, 1, Integer::sum);
  }

  private void print(String title) {
    assertThat(counts).doesNotContainKey("lambda line touched: MISSED");
    System.out.println("TruncationFuzzTest, " + title + ":");
    counts.forEach((k, v) -> System.out.printf("  %7d  %s%n", v, k));
  }
}
