package io.vigil.models.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.event.DeadLetter;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordDecoderTest {
  private final RecordDecoder decoder = new RecordDecoder();

  @ParameterizedTest
  @EnumSource(StreamKind.class)
  void oversizedRecordIsRefusedFirst(StreamKind kind) {
    byte[] big = new byte[1024 * 1024 + 1];
    DecodeResult r = decoder.decode(Samples.record(kind, big));
    assertThat(r.failures).extracting(DecodeFailure::reason).containsExactly("oversized-record");
  }

  @ParameterizedTest
  @EnumSource(StreamKind.class)
  void garbageBytesAreFailures(StreamKind kind) {
    byte[] garbage = new byte[4096];
    new Random(42).nextBytes(garbage);
    garbage[0] = (byte) 0xff; // neither gzip nor JSON
    DecodeResult r = decoder.decode(Samples.record(kind, garbage));
    assertThat(r.events).isEmpty();
    assertThat(r.failures).isNotEmpty();
    assertThat(r.failures)
        .extracting(DecodeFailure::reason)
        .doesNotContain("internal-error")
        .containsAnyOf("bad-gzip", "bad-flow-line", "bad-billing-row");
  }

  @ParameterizedTest
  @EnumSource(StreamKind.class)
  void gzipBombOnEveryStream(StreamKind kind) {
    byte[] bomb = Samples.gzip(new byte[50 * 1024 * 1024]);
    assertThat(decoder.decode(Samples.record(kind, bomb)).failures)
        .extracting(DecodeFailure::reason)
        .containsExactly("decompression-bomb");
  }

  @ParameterizedTest
  @EnumSource(StreamKind.class)
  void corruptGzipOnEveryStream(StreamKind kind) {
    byte[] gz = Samples.gzip(Samples.bytes("vpc-flow-v2.txt"));
    gz[gz.length - 3] ^= 0x01; // breaks the CRC/size trailer
    assertThat(decoder.decode(Samples.record(kind, gz)).failures)
        .extracting(DecodeFailure::reason)
        .containsExactly("bad-gzip");
  }

  @Test
  void emptyNullAndUnknownStream() {
    assertThat(decoder.decode(null).failures)
        .extracting(DecodeFailure::reason)
        .containsExactly("empty-record");
    assertThat(decoder.decode(Samples.record(StreamKind.BILLING, new byte[0])).failures)
        .extracting(DecodeFailure::reason)
        .containsExactly("empty-record");
    assertThat(decoder.decode(Samples.record(StreamKind.FLOW_LOGS, "\n \n".getBytes())).failures)
        .extracting(DecodeFailure::reason)
        .containsExactly("empty-record");
    RawRecord odd = Samples.record(StreamKind.BILLING, "x".getBytes());
    odd.stream = "METRICS";
    assertThat(decoder.decode(odd).failures)
        .extracting(DecodeFailure::reason)
        .containsExactly("unsupported-format");
  }

  @Test
  void failuresBecomeDeadLettersWithCoordinates() {
    RawRecord rec = Samples.record(StreamKind.LAMBDA_LOGS, "not gzip".getBytes());
    List<DeadLetter> dl = decoder.decode(rec).deadLetters(rec);
    assertThat(dl).hasSize(1);
    assertThat(dl.get(0).reason).isEqualTo("bad-gzip");
    assertThat(dl.get(0).stream).isEqualTo("LAMBDA_LOGS");
    assertThat(dl.get(0).sequenceNumber).isEqualTo(rec.sequenceNumber);
    assertThat(dl.get(0).rawLength).isEqualTo(8);
  }

  @Test
  void failureDetailTruncatesLongLines() {
    String longLine = "2 x " + "y".repeat(5000);
    DecodeResult r = decoder.decode(Samples.record(StreamKind.FLOW_LOGS, longLine.getBytes()));
    assertThat(r.failures).hasSize(1);
    assertThat(r.failures.get(0).detail().length()).isLessThan(300);
  }

  @Test
  void configurableLimits() {
    DecoderConfig cfg = new DecoderConfig();
    cfg.maxRecordBytes = 100;
    cfg.maxDecompressedBytes = 500;
    RecordDecoder small = new RecordDecoder(cfg);
    assertThat(
            small.decode(Samples.record(StreamKind.FLOW_LOGS, Samples.bytes("vpc-flow-v2.txt")))
                .failures)
        .extracting(DecodeFailure::reason)
        .containsExactly("oversized-record");
    byte[] gz = Samples.bytes("lambda-envelope.json.gz");
    cfg.maxRecordBytes = 1024 * 1024;
    assertThat(small.decode(Samples.record(StreamKind.LAMBDA_LOGS, gz)).failures)
        .extracting(DecodeFailure::reason)
        .containsExactly("decompression-bomb");
  }
}
