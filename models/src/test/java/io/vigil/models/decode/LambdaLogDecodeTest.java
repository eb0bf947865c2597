package io.vigil.models.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.models.event.Invocation;
import io.vigil.models.event.StreamKind;
import io.vigil.models.event.TelemetryEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LambdaLogDecodeTest {
  private final RecordDecoder decoder = new RecordDecoder();

  private DecodeResult decode(byte[] data) {
    return decoder.decode(Samples.record(StreamKind.LAMBDA_LOGS, data));
  }

  private static List<Invocation> invocations(DecodeResult r) {
    return r.events.stream().map(e -> e.invocation).toList();
  }

  @Test
  void textFormatGzipEnvelope() {
    DecodeResult r = decode(Samples.bytes("lambda-envelope.json.gz"));
    assertThat(r.failures).isEmpty();
    assertThat(r.controlMessages).isZero();
    assertThat(r.skippedLines).isEqualTo(6); // 2 START, 2 END, app line, timeout line
    List<Invocation> inv = invocations(r);
    assertThat(inv).hasSize(2);

    Invocation cold = inv.get(0);
    assertThat(cold.requestId).isEqualTo("5c1e7a90-2b3d-4c8e-9f01-7a6b5c4d3e21");
    assertThat(cold.accountId).isEqualTo("210987654321");
    assertThat(cold.region).isEqualTo("us-east-1");
    assertThat(cold.functionName).isEqualTo("checkout-api");
    assertThat(cold.version).isEqualTo("$LATEST");
    assertThat(cold.timestamp).isEqualTo(1763640000871L);
    assertThat(cold.durationMs).isEqualTo(748.31);
    assertThat(cold.billedDurationMs).isEqualTo(749.0);
    assertThat(cold.memorySizeMb).isEqualTo(512);
    assertThat(cold.maxMemoryUsedMb).isEqualTo(97);
    assertThat(cold.initDurationMs).isEqualTo(311.84);
    assertThat(cold.restoreDurationMs).isZero();
    assertThat(cold.coldStart).isTrue();
    assertThat(cold.status).isEqualTo("SUCCESS");
    assertThat(cold.errorType).isNull();
    assertThat(cold.xrayTraceId).isEqualTo("1-6741b2a0-3c4d5e6f7a8b9c0d1e2f3a4b");

    Invocation timeout = inv.get(1);
    assertThat(timeout.requestId).isEqualTo("77e0f1d2-aa11-4bb2-8cc3-d4e5f6a7b8c9");
    assertThat(timeout.status).isEqualTo("TIMEOUT");
    assertThat(timeout.durationMs).isEqualTo(3000.0);
    assertThat(timeout.billedDurationMs).isEqualTo(3000.0);
    assertThat(timeout.maxMemoryUsedMb).isEqualTo(101);
    assertThat(timeout.coldStart).isFalse();
    assertThat(timeout.xrayTraceId).isNull();

    TelemetryEvent e = r.events.get(0);
    assertThat(e.key).isEqualTo("210987654321/us-east-1/checkout-api");
    assertThat(e.timestamp).isEqualTo(1763640000871L);
    // One key string per envelope: hashed once, compared by reference downstream.
    assertThat(r.events.get(1).key).isSameAs(e.key);
  }

  @Test
  void plainJsonEnvelopeDecodesLikeGzip() {
    DecodeResult plain = decode(Samples.bytes("lambda-envelope.json"));
    DecodeResult gz = decode(Samples.bytes("lambda-envelope.json.gz"));
    assertThat(plain.events).isEqualTo(gz.events);
  }

  @Test
  void jsonFormatOutOfMemory() {
    DecodeResult r = decode(Samples.gzip(Samples.bytes("lambda-envelope-jsonformat.json")));
    assertThat(r.failures).isEmpty();
    assertThat(r.skippedLines).isEqualTo(2);
    List<Invocation> inv = invocations(r);
    assertThat(inv).hasSize(1);
    Invocation i = inv.get(0);
    assertThat(i.functionName).isEqualTo("thumbnailer");
    assertThat(i.version).isEqualTo("17");
    assertThat(i.requestId).isEqualTo("e3b0c442-98fc-4c14-9afb-f4c8996fb924");
    assertThat(i.timestamp).isEqualTo(1763640010421L);
    assertThat(i.status).isEqualTo("OUT_OF_MEMORY");
    assertThat(i.errorType).isEqualTo("Runtime.OutOfMemory");
    assertThat(i.durationMs).isEqualTo(420.7);
    assertThat(i.billedDurationMs).isEqualTo(421.0);
    assertThat(i.memorySizeMb).isEqualTo(256);
    assertThat(i.maxMemoryUsedMb).isEqualTo(256);
    assertThat(i.initDurationMs).isEqualTo(188.2);
    assertThat(i.coldStart).isTrue();
  }

  @Test
  void controlMessageCountedAndSkipped() {
    DecodeResult r = decode(Samples.gzip(Samples.bytes("control-envelope.json")));
    assertThat(r.controlMessages).isEqualTo(1);
    assertThat(r.events).isEmpty();
    assertThat(r.failures).isEmpty();
  }

  @Test
  void corruptedGzipIsBadGzip() {
    byte[] gz = Samples.bytes("lambda-envelope.json.gz").clone();
    for (int i = 20; i < 60; i++) gz[i] ^= 0x5a;
    DecodeResult r = decode(gz);
    assertThat(r.events).isEmpty();
    assertThat(r.failures).extracting(DecodeFailure::reason).containsExactly("bad-gzip");
  }

  @Test
  void truncatedGzipIsBadGzip() {
    byte[] gz = Samples.bytes("lambda-envelope.json.gz");
    byte[] cut = java.util.Arrays.copyOf(gz, gz.length / 2);
    assertThat(decode(cut).failures).extracting(DecodeFailure::reason).containsExactly("bad-gzip");
  }

  @Test
  void gzipBombIsRefusedWithoutInflatingIt() {
    byte[] zeros = new byte[50 * 1024 * 1024];
    byte[] bomb = Samples.gzip(zeros);
    assertThat(bomb.length).isLessThan(1024 * 1024);
    DecodeResult r = decode(bomb);
    assertThat(r.failures).extracting(DecodeFailure::reason).containsExactly("decompression-bomb");
  }

  @Test
  void truncatedReportIsAFailureAndOthersStillDecode() {
    String json =
        Samples.text("lambda-envelope.json")
            .replace(
                "\\tBilled Duration: 749 ms\\tMemory Size: 512 MB\\tMax Memory Used: 97 MB\\tInit"
                    + " Duration: 311.84 ms\\t\\nXRAY TraceId: 1-6741b2a0-3c4d5e6f7a8b9c0d1e2f3a4b\\tSegmentId:"
                    + " 0a1b2c3d4e5f6a7b\\tSampled: true\\t\\n",
                "\\tBilled Dura");
    assertThat(json).doesNotContain("Max Memory Used: 97");
    DecodeResult r = decode(Samples.gzip(json));
    assertThat(r.failures).extracting(DecodeFailure::reason).containsExactly("truncated-report");
    assertThat(r.failures.get(0).detail()).contains("REPORT RequestId: 5c1e7a90");
    assertThat(invocations(r))
        .extracting(i -> i.requestId)
        .containsExactly("77e0f1d2-aa11-4bb2-8cc3-d4e5f6a7b8c9");
  }

  @Test
  void unparsableReportNumberIsTruncatedReport() {
    String json =
        Samples.text("lambda-envelope.json").replace("Duration: 748.31 ms", "Duration: 7x8 ms");
    DecodeResult r = decode(json.getBytes(StandardCharsets.UTF_8));
    assertThat(r.failures).extracting(DecodeFailure::reason).containsExactly("truncated-report");
    assertThat(r.events).hasSize(1);
  }

  @Test
  void truncatedJsonPlatformEventIsBadJsonOnItsLine() {
    String cut =
        "{\"time\":\"2025-11-20T12:00:10.421Z\",\"type\":\"platform.report\",\"record\":{\"requ";
    String id = "e3b0c442-98fc-4c14-9afb-f4c8996fb924";
    DecodeResult r =
        parse(
            "17",
            List.of(
                "{\"time\":\"t\",\"type\":\"platform.start\",\"record\":{\"requestId\":\""
                    + id
                    + "\"}}",
                cut,
                "{\"level\":\"INFO\",\"message\":\"x\"}"));
    assertThat(r.failures).extracting(DecodeFailure::reason).containsExactly("bad-json");
    assertThat(r.failures.get(0).line()).isEqualTo(1);
    assertThat(r.events).isEmpty();
    assertThat(r.skippedLines).isEqualTo(2);
  }

  @Test
  void reportLinesCutAtAFieldOrMissingTheirLineFeedFail() {
    String id = "5c1e7a90-2b3d-4c8e-9f01-7a6b5c4d3e21";
    String whole = report(id) + "Init Duration: 311.84 ms\t\n";
    for (String cut :
        List.of(
            whole.substring(0, whole.length() - 1), // no line feed, unlike the START
            report(id) + "Init Dur", // field cut inside its key
            report(id).replace("60 MB\t", "60 M"), // cut inside a unit
            report(id).replace("60 MB\t", "60"), // number without unit
            "REPORT Requ")) { // cut inside the prefix
      DecodeResult r = parse("$LATEST", List.of("START RequestId: " + id + "\n", cut));
      assertThat(r.failures)
          .as(cut)
          .extracting(DecodeFailure::reason)
          .containsExactly("truncated-report");
      assertThat(r.failures.get(0).line()).isEqualTo(1);
      assertThat(r.events).isEmpty();
    }
    DecodeResult ok = parse("$LATEST", List.of("START RequestId: " + id + "\n", whole));
    assertThat(ok.failures).isEmpty();
    assertThat(ok.events).hasSize(1);
  }

  @Test
  void unknownMessageType() {
    String json = Samples.text("lambda-envelope.json").replace("DATA_MESSAGE", "BOGUS_MESSAGE");
    assertThat(decode(Samples.gzip(json)).failures)
        .extracting(DecodeFailure::reason)
        .containsExactly("unknown-message-type");
  }

  @Test
  void badJsonInsideGzip() {
    assertThat(decode(Samples.gzip("{\"messageType\": \"DATA_MESS")).failures)
        .extracting(DecodeFailure::reason)
        .containsExactly("bad-json");
  }

  @Test
  void nonLambdaLogGroupOnLambdaStreamIsUnsupported() {
    String json =
        Samples.text("lambda-envelope.json")
            .replace("/aws/lambda/checkout-api", "/vpc/flows")
            .replace("[$LATEST]", "");
    assertThat(decode(Samples.gzip(json)).failures)
        .extracting(DecodeFailure::reason)
        .containsExactly("unsupported-format");
  }

  @Test
  void textStatusErrorAndRestoreFields() {
    String report =
        "REPORT RequestId: 11111111-2222-3333-4444-555555555555\tDuration: 10.5 ms\tBilled Duration:"
            + " 11 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\tRestore Duration: 220.10 ms\tStatus:"
            + " error\tError Type: Runtime.ExitError";
    DecodeResult r = parse("$LATEST", List.of(report));
    Invocation i = r.events.get(0).invocation;
    assertThat(i.status).isEqualTo("ERROR");
    assertThat(i.errorType).isEqualTo("Runtime.ExitError");
    assertThat(i.restoreDurationMs).isEqualTo(220.10);
    assertThat(i.coldStart).isTrue();
    assertThat(i.version).isEqualTo("$LATEST");
  }

  @Test
  void errorLinesMarkTheirRequest() {
    String a = "aaaaaaaa-1111-2222-3333-444444444444";
    String b = "bbbbbbbb-1111-2222-3333-444444444444";
    String c = "cccccccc-1111-2222-3333-444444444444";
    String d = "dddddddd-1111-2222-3333-444444444444";
    DecodeResult r =
        parse(
            "3",
            List.of(
                "START RequestId: " + a + " Version: 4",
                "[ERROR]\t2025-11-20T12:00:00.455Z\t" + a + "\tKeyError: 'x'",
                report(a),
                "START RequestId: " + b + " Version: 4",
                "2025-11-20T12:00:00.455Z\t"
                    + b
                    + "\tERROR\tInvoke Error \t{\"errorType\":\"TypeError\",\"errorMessage\":\"boom\"}",
                report(b),
                "START RequestId: " + c + " Version: 4",
                "RequestId: "
                    + c
                    + " Error: Runtime exited with error: signal: killed\nRuntime.ExitError",
                report(c).replace("Max Memory Used: 60", "Max Memory Used: 128"),
                "START RequestId: " + d,
                "2025-11-20T12:00:00.455Z\t" + d + "\tINFO\tall fine",
                report(d)));
    List<Invocation> inv = invocations(r);
    assertThat(inv)
        .extracting(i -> i.status)
        .containsExactly("ERROR", "ERROR", "OUT_OF_MEMORY", "SUCCESS");
    assertThat(inv.get(1).errorType).isEqualTo("TypeError");
    assertThat(inv.get(0).version).isEqualTo("4");
    assertThat(inv.get(3).version).isEqualTo("3");
    assertThat(r.failures).isEmpty();
  }

  @Test
  void jsonFormatTimeoutAndApplicationError() {
    String id = "aaaaaaaa-1111-2222-3333-444444444444";
    DecodeResult r =
        parse(
            "$LATEST",
            List.of(
                "{\"time\":\"t\",\"type\":\"platform.start\",\"record\":{\"requestId\":\""
                    + id
                    + "\",\"version\":\"$LATEST\"}}",
                "{\"level\":\"INFO\",\"requestId\":\"" + id + "\",\"message\":\"hello\"}",
                "{\"time\":\"t\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":\""
                    + id
                    + "\",\"status\":\"timeout\"}}",
                "{\"time\":\"t\",\"type\":\"platform.report\",\"record\":{\"requestId\":\""
                    + id
                    + "\",\"status\":\"timeout\",\"metrics\":{\"durationMs\":3000.0,\"billedDurationMs\":3000,\"memorySizeMB\":128,\"maxMemoryUsedMB\":70},\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-abc;Parent=1;Sampled=1\"}}}",
                "{\"time\":\"t\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"x\",\"status\":\"success\",\"metrics\":{\"durationMs\":3.0}}}"));
    assertThat(r.failures).extracting(DecodeFailure::reason).containsExactly("truncated-report");
    Invocation i = r.events.get(0).invocation;
    assertThat(i.status).isEqualTo("TIMEOUT");
    assertThat(i.coldStart).isFalse();
    assertThat(i.xrayTraceId).isEqualTo("1-abc");
    assertThat(i.durationMs).isCloseTo(3000.0, within(1e-9));
  }

  @Test
  void anApplicationLineInvokingTheFunctionItselfMarksItsRequest() {
    String a = "aaaaaaaa-1111-2222-3333-444444444444";
    String b = "bbbbbbbb-1111-2222-3333-444444444444";
    String c = "cccccccc-1111-2222-3333-444444444444";
    String d = "dddddddd-1111-2222-3333-444444444444";
    String e = "eeeeeeee-1111-2222-3333-444444444444";
    String own = "arn:aws:lambda:us-east-1:123456789012:function:fn";
    DecodeResult r =
        parse(
            "3",
            List.of(
                "START RequestId: " + a,
                "2025-11-20T12:00:00.455Z\t" + a + "\tINFO\tInvoking function " + own + " async",
                report(a),
                // Another function, a longer name sharing the prefix, another account: not itself.
                "START RequestId: " + b,
                "2025-11-20T12:00:00.455Z\t" + b + "\tINFO\tInvoking " + own + "-worker",
                "2025-11-20T12:00:00.456Z\t" + b + "\tINFO\tInvoking " + own.replace("fn", "other"),
                "2025-11-20T12:00:00.457Z\t"
                    + b
                    + "\tINFO\tInvoking "
                    + own.replace("123456789012", "999999999999"),
                report(b),
                // A qualified ARN, on a line that names no request: the current one.
                "START RequestId: " + c,
                "calling " + own + ":live",
                report(c),
                // JSON application line, its request named in the record.
                "START RequestId: " + d,
                "{\"level\":\"INFO\",\"requestId\":\""
                    + d
                    + "\",\"message\":\"Invoking "
                    + own
                    + "\"}",
                report(d),
                "START RequestId: " + e,
                report(e)));
    assertThat(r.failures).isEmpty();
    assertThat(invocations(r))
        .extracting(i -> i.selfInvocation)
        .containsExactly(true, false, true, true, false);
  }

  private static String report(String id) {
    return "REPORT RequestId: "
        + id
        + "\tDuration: 10.5 ms\tBilled Duration: 11 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t";
  }

  private static DecodeResult parse(String streamVersion, List<String> messages) {
    DecodeResult out = new DecodeResult();
    List<CloudWatchLogsEnvelopeDecoder.LogEvent> events =
        messages.stream()
            .map(m -> new CloudWatchLogsEnvelopeDecoder.LogEvent("1", 1000L, m))
            .toList();
    new LambdaLogParser(new DecoderConfig())
        .parse("123456789012", "fn", streamVersion, events, out);
    return out;
  }
}
