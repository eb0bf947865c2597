package io.vigil.models.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.decode.CloudWatchLogsEnvelopeDecoder.Envelope;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The decode fast paths (streaming envelope parser, exact-size gunzip, short-decimal parsing) give
 * exactly what the straightforward code gives: the same envelope or failure, the same bytes, the
 * same double bits.
 */
class FastPathEquivalenceTest {
  @Test
  void shortDecimalsParseBitForBitLikeParseDouble() {
    Random rnd = new Random(3);
    for (int round = 0; round < 200_000; round++) {
      StringBuilder sb = new StringBuilder();
      int length = 1 + rnd.nextInt(24);
      for (int i = 0; i < length; i++) sb.append((char) ('0' + rnd.nextInt(10)));
      if (rnd.nextBoolean()) sb.insert(rnd.nextInt(sb.length() + 1), '.');
      String s = sb.toString();
      if (s.equals(".")) continue;
      assertThat(Double.doubleToRawLongBits(LambdaLogParser.decimal(s, 0, s.length())))
          .as(s)
          .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
    }
  }

  @Test
  void streamingEnvelopeEqualsTheTreeOrStepsAside() throws Exception {
    List<byte[]> inputs = new ArrayList<>();
    for (String name :
        List.of(
            "lambda-envelope.json", "lambda-envelope-jsonformat.json", "control-envelope.json")) {
      inputs.add(Samples.bytes(name));
    }
    for (RawRecord r : simulatorLambdaRecords()) inputs.add(GzipGuard.gunzip(r.data, 1 << 24));
    int fast = 0;
    for (byte[] clean : inputs) {
      assertThat(StreamingEnvelope.parse(clean)).isNotNull(); // clean envelopes take the fast path
      assertThat(StreamingEnvelope.parse(clean))
          .isEqualTo(CloudWatchLogsEnvelopeDecoder.parseTree(clean));
    }
    Random rnd = new Random(4);
    for (byte[] clean : inputs.subList(0, 6)) {
      for (int k = 0; k < clean.length; k += 1 + clean.length / 400) {
        fast += compare(Arrays.copyOf(clean, k));
        byte[] flipped = clean.clone();
        flipped[k] ^= (byte) (1 << rnd.nextInt(8));
        fast += compare(flipped);
        byte[] replaced = clean.clone();
        replaced[k] = (byte) "\"{}[],:0 nulltrue-1.5e9".charAt(rnd.nextInt(22));
        fast += compare(replaced);
      }
    }
    assertThat(fast).isPositive();
  }

  /** 1 when the fast path took the input (and agreed with the tree), 0 when it stepped aside. */
  private static int compare(byte[] json) {
    Envelope streamed = StreamingEnvelope.parse(json);
    Envelope tree;
    try {
      tree = CloudWatchLogsEnvelopeDecoder.parseTree(json);
    } catch (DecodeException e) {
      assertThat(streamed).as(new String(json)).isNull();
      return 0;
    }
    if (streamed == null) return 0;
    assertThat(streamed).isEqualTo(tree);
    return 1;
  }

  @Test
  void gunzipGivesTheStreamBytesOrTheSameFailure() throws Exception {
    List<byte[]> inputs = new ArrayList<>();
    for (RawRecord r : simulatorLambdaRecords()) inputs.add(r.data);
    inputs.add(Samples.bytes("lambda-envelope.json.gz"));
    // two gzip members back to back: the trailer's size covers the last one only
    byte[] a = Samples.gzip("first member ");
    byte[] b = Samples.gzip("second");
    byte[] twoMembers = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, twoMembers, a.length, b.length);
    inputs.add(twoMembers);
    for (byte[] gz : inputs) {
      for (int k = 2; k <= gz.length; k += 1 + gz.length / 300) {
        byte[] cut = Arrays.copyOf(gz, k);
        byte[] expected;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(cut))) {
          expected = in.readAllBytes();
        } catch (IOException e) {
          expected = null;
        }
        try {
          assertThat(GzipGuard.gunzip(cut, 1 << 24)).isEqualTo(expected);
        } catch (DecodeException e) {
          assertThat(expected).isNull();
          assertThat(e.reason()).isEqualTo(DecodeFailure.BAD_GZIP);
        }
      }
    }
    assertThat(new String(GzipGuard.gunzip(twoMembers, 1 << 10))).isEqualTo("first member second");
  }

  private static List<RawRecord> simulatorLambdaRecords() {
    FleetSimulator sim =
        new FleetSimulator(new SimulationConfig().functions(12).jsonLogShare(0.5).seed(7));
    List<RawRecord> out = new ArrayList<>();
    for (RawRecord r : sim.nextMinute()) if (r.streamKind() == StreamKind.LAMBDA_LOGS) out.add(r);
    return out;
  }
}
