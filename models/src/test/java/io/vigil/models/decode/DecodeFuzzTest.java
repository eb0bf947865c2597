package io.vigil.models.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.event.TelemetryEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing: random bytes and mutated samples, on every stream. No exception may escape, no
 * input may crash a parser (internal-error), and every input must account for itself (events,
 * skipped lines, control messages or failures).
 */
class DecodeFuzzTest {
  private static final long SEED = 20251120L;
  private static final int ROUNDS = 1500;
  private static final Set<String> REASONS =
      Set.of(
          "bad-gzip",
          "oversized-record",
          "decompression-bomb",
          "bad-json",
          "unknown-message-type",
          "truncated-report",
          "bad-flow-line",
          "bad-billing-row",
          "unsupported-format",
          "empty-record",
          "truncated-line");

  private static final List<String> SAMPLES =
      List.of(
          "lambda-envelope.json",
          "lambda-envelope-jsonformat.json",
          "control-envelope.json",
          "vpc-flow-v2.txt",
          "vpc-flow-v5-custom.txt",
          "cur2-lambda.csv",
          "focus-lambda.csv");

  private final RecordDecoder decoder = new RecordDecoder();

  @Test
  void randomBytes() {
    Random rnd = new Random(SEED);
    for (int round = 0; round < ROUNDS; round++) {
      byte[] data = new byte[1 + rnd.nextInt(2000)];
      rnd.nextBytes(data);
      if (rnd.nextInt(4) == 0) data = Samples.gzip(data);
      for (StreamKind kind : StreamKind.values()) check(kind, data, "random round " + round);
    }
  }

  @Test
  void mutatedSamples() {
    Random rnd = new Random(SEED + 1);
    List<byte[]> samples = SAMPLES.stream().map(Samples::bytes).toList();
    for (int round = 0; round < ROUNDS; round++) {
      byte[] base = samples.get(rnd.nextInt(samples.size()));
      byte[] data = mutate(base, rnd);
      if (rnd.nextBoolean()) data = Samples.gzip(data);
      if (rnd.nextInt(10) == 0) {
        // corrupt the compressed bytes too
        data = mutate(data, rnd);
      }
      for (StreamKind kind : StreamKind.values()) check(kind, data, "mutation round " + round);
    }
  }

  @Test
  void unmutatedSamplesOnEveryStreamNeverCrash() {
    for (String name : SAMPLES) {
      for (StreamKind kind : StreamKind.values()) {
        check(kind, Samples.bytes(name), name);
        check(kind, Samples.gzip(Samples.bytes(name)), name + ".gz");
      }
    }
  }

  private void check(StreamKind kind, byte[] data, String what) {
    RawRecord rec = Samples.record(kind, data);
    DecodeResult r;
    try {
      r = decoder.decode(rec);
    } catch (Throwable t) {
      fail(kind + " " + what + " threw " + t + " on " + preview(data), t);
      return;
    }
    assertThat(r.isEmpty()).as("%s %s yields nothing: %s", kind, what, preview(data)).isFalse();
    for (DecodeFailure f : r.failures) {
      assertThat(REASONS).as("%s %s: %s on %s", kind, what, f, preview(data)).contains(f.reason());
      assertThat(f.detail()).isNotNull();
    }
    for (TelemetryEvent e : r.events) {
      int set =
          (e.invocation != null ? 1 : 0) + (e.flow != null ? 1 : 0) + (e.billing != null ? 1 : 0);
      assertThat(set).isEqualTo(1);
      assertThat(e.key).isNotNull();
    }
  }

  private static byte[] mutate(byte[] base, Random rnd) {
    byte[] d = Arrays.copyOf(base, base.length);
    int ops = 1 + rnd.nextInt(4);
    for (int k = 0; k < ops && d.length > 0; k++) {
      int at = rnd.nextInt(d.length);
      switch (rnd.nextInt(7)) {
        case 0 -> d[at] = (byte) rnd.nextInt(256); // random byte
        case 1 -> d = Arrays.copyOf(d, Math.max(1, at)); // truncate
        case 2 -> { // delete a span
          int len = Math.min(d.length - at, 1 + rnd.nextInt(20));
          byte[] n = new byte[d.length - len];
          System.arraycopy(d, 0, n, 0, at);
          System.arraycopy(d, at + len, n, at, d.length - at - len);
          d = n.length == 0 ? new byte[] {'x'} : n;
        }
        case 3 -> { // insert structural characters
          byte[] ins = "\t\n\",{}[]: -".getBytes(StandardCharsets.US_ASCII);
          byte[] n = new byte[d.length + 1];
          System.arraycopy(d, 0, n, 0, at);
          n[at] = ins[rnd.nextInt(ins.length)];
          System.arraycopy(d, at, n, at + 1, d.length - at);
          d = n;
        }
        case 4 -> { // digit to letter (breaks numbers)
          if (d[at] >= '0' && d[at] <= '9') d[at] = (byte) ('a' + rnd.nextInt(26));
        }
        case 5 -> { // duplicate a slice (repeats lines and fields)
          int len = Math.min(d.length - at, 1 + rnd.nextInt(200));
          byte[] n = new byte[d.length + len];
          System.arraycopy(d, 0, n, 0, at + len);
          System.arraycopy(d, at, n, at + len, d.length - at);
          d = n;
        }
        default -> d[at] ^= (byte) (1 << rnd.nextInt(8)); // bit flip
      }
    }
    return d;
  }

  private static String preview(byte[] d) {
    String s = new String(d, 0, Math.min(d.length, 300), StandardCharsets.ISO_8859_1);
    return DecodeFailure.excerpt(s);
  }
}
