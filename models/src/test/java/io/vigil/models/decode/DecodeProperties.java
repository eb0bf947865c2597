package io.vigil.models.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Property-based tests (jqwik, shrinking on failure): whatever the bytes, the decoder never throws,
 * never reports an internal error, and accounts for every input.
 */
class DecodeProperties {
  private final RecordDecoder decoder = new RecordDecoder();

  private DecodeResult decode(StreamKind kind, byte[] data) {
    return decoder.decode(new RawRecord(kind, "pk", "shardId-0", "1", 0, 0, data));
  }

  private static void accountsForItself(DecodeResult r) {
    assertThat(r.isEmpty()).as("the input must yield events, counts or failures").isFalse();
    assertThat(r.failures).noneMatch(f -> f.reason().equals(DecodeFailure.INTERNAL_ERROR));
  }

  @Property(tries = 300)
  void anyBytesOnAnyStream(@ForAll @Size(max = 4000) byte[] data, @ForAll StreamKind kind) {
    accountsForItself(decode(kind, data));
  }

  @Property(tries = 300)
  void anyGzippedBytesOnAnyStream(@ForAll @Size(max = 4000) byte[] data, @ForAll StreamKind kind) {
    accountsForItself(decode(kind, Samples.gzip(data)));
  }

  @Provide
  Arbitrary<String> reportLines() {
    Arbitrary<String> number =
        Arbitraries.oneOf(
            Arbitraries.doubles().between(-1e9, 1e12).map(d -> String.format("%.2f", d)),
            Arbitraries.strings().ofMaxLength(12),
            Arbitraries.just(""));
    return net.jqwik.api.Combinators.combine(
            number, number, number, number, Arbitraries.integers().between(0, 200))
        .as(
            (dur, billed, mem, used, cut) -> {
              String line =
                  "REPORT RequestId: 5c1e7a90\\tDuration: "
                      + dur
                      + " ms\\tBilled Duration: "
                      + billed
                      + " ms\\tMemory Size: "
                      + mem
                      + " MB\\tMax Memory Used: "
                      + used
                      + " MB\\t";
              return line.substring(0, Math.min(cut, line.length()));
            });
  }

  /** Any REPORT line, however mangled or cut, decodes or is dead-lettered as a truncated report. */
  @Property(tries = 500)
  void mangledReportLines(@ForAll("reportLines") String report) {
    String envelope =
        "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"210987654321\",\"logGroup\":\"/aws/lambda/f\","
            + "\"logStream\":\"2025/11/20/[$LATEST]abc\",\"subscriptionFilters\":[],\"logEvents\":["
            + "{\"id\":\"1\",\"timestamp\":1,\"message\":"
            + io.vigil.models.Json.write(report.replace("\\t", "\t"))
            + "}]}";
    DecodeResult r =
        decode(StreamKind.LAMBDA_LOGS, Samples.gzip(envelope.getBytes(StandardCharsets.UTF_8)));
    accountsForItself(r);
    assertThat(r.failures)
        .allSatisfy(f -> assertThat(List.of("truncated-report")).contains(f.reason()));
  }

  /** Flow lines with any field values parse or are dead-lettered as bad flow lines. */
  @Property(tries = 500)
  void arbitraryFlowLines(
      @ForAll @Size(min = 1, max = 20) List<@net.jqwik.api.constraints.AlphaChars String> fields) {
    DecodeResult r =
        decode(StreamKind.FLOW_LOGS, String.join(" ", fields).getBytes(StandardCharsets.UTF_8));
    accountsForItself(r);
  }
}
