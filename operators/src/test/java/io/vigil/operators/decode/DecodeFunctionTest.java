package io.vigil.operators.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.decode.DecoderConfig;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.operators.OutputTags;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DecodeFunctionTest {
  static byte[] gzip(String s) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  static String envelope(String... messages) {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < messages.length; i++) {
      if (i > 0) events.append(',');
      events
          .append("{\"id\":\"")
          .append(i)
          .append("\",\"timestamp\":")
          .append(1763640000000L + i)
          .append(",\"message\":\"")
          .append(messages[i].replace("\t", "\\t").replace("\n", "\\n"))
          .append("\"}");
    }
    return "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"210987654321\",\"logGroup\":\"/aws/lambda/checkout-api\","
        + "\"logStream\":\"2025/11/20/[$LATEST]9d2c\",\"subscriptionFilters\":[\"f\"],\"logEvents\":["
        + events
        + "]}";
  }

  @Test
  void decodesGoodRecordsAndDeadLettersBadOnesWithoutFailing() throws Exception {
    String report =
        "REPORT RequestId: r1\tDuration: 12.5 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t\n";
    String truncated = "REPORT RequestId: r2\tDuration: 12";
    byte[] good = gzip(envelope("START RequestId: r1 Version: $LATEST\n", report, truncated));
    byte[] corrupted = good.clone();
    for (int i = 12; i < 40; i++) corrupted[i] ^= 0x5a;

    try (var harness =
        new OneInputStreamOperatorTestHarness<RawRecord, TelemetryEvent>(
            new ProcessOperator<>(new DecodeFunction(new DecoderConfig())))) {
      harness.open();
      harness.processElement(
          new StreamRecord<>(
              new RawRecord(StreamKind.LAMBDA_LOGS, "k", "shardId-0", "1", 0, 0, good), 0));
      harness.processElement(
          new StreamRecord<>(
              new RawRecord(StreamKind.LAMBDA_LOGS, "k", "shardId-0", "2", 0, 0, corrupted), 0));

      List<TelemetryEvent> events = harness.extractOutputValues();
      assertThat(events)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.invocation.requestId).isEqualTo("r1");
                assertThat(e.invocation.durationMs).isEqualTo(12.5);
                assertThat(e.key).isEqualTo("210987654321/us-east-1/checkout-api");
              });
      List<DeadLetter> dead =
          harness.getSideOutput(OutputTags.DEAD_LETTERS).stream()
              .map(StreamRecord::getValue)
              .toList();
      assertThat(dead)
          .extracting(d -> d.reason)
          .containsExactlyInAnyOrder("truncated-report", "bad-gzip");
      assertThat(dead)
          .filteredOn(d -> d.reason.equals("bad-gzip"))
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.sequenceNumber).isEqualTo("2");
                assertThat(d.shardId).isEqualTo("shardId-0");
                assertThat(d.rawLength).isEqualTo(corrupted.length);
                assertThat(java.util.Base64.getDecoder().decode(d.rawBase64)).isEqualTo(corrupted);
                assertThat(d.lineIndex).isEqualTo(-1); // the whole record
              });
      // The truncated REPORT is the third log event of its envelope.
      assertThat(dead)
          .filteredOn(d -> d.reason.equals("truncated-report"))
          .singleElement()
          .satisfies(d -> assertThat(d.lineIndex).isEqualTo(2));
    }
  }
}
