package io.vigil.models.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The reused-inflater gunzip ({@link GzipGuard.Reusing}) against the JDK's GZIPInputStream ({@link
 * GzipGuard#gunzip}) on one shared instance: the same bytes, or the same failure reason and
 * message, for valid members of every size, optional header fields, concatenated members, trailing
 * bytes, every cut and random corruptions, with failures interleaved (nothing leaks from one record
 * into the next).
 */
class ReusableGzipReaderTest {
  private static final int MAX = 1 << 20;
  private final GzipGuard.Reusing reusing = new GzipGuard.Reusing();

  private static byte[] gzip(byte[] plain) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return out.toByteArray();
  }

  private static byte[] text(int bytes, Random random) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < bytes) {
      sb.append("REPORT RequestId: ").append(random.nextInt(1000)).append("\tDuration: 12.5 ms\n");
    }
    return sb.substring(0, bytes).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] noise(int bytes, Random random) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return b;
  }

  /** A member with FEXTRA, FNAME, FCOMMENT and a correct FHCRC. */
  private static byte[] withHeaderFields(byte[] plain) throws Exception {
    byte[] plainMember = gzip(plain);
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
    header.write(new byte[] {3, 0, 'a', 'b', 'c'});
    header.write("name.txt\0".getBytes(StandardCharsets.ISO_8859_1));
    header.write("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
    CRC32 crc = new CRC32();
    crc.update(header.toByteArray());
    int v = (int) crc.getValue() & 0xffff;
    header.write(new byte[] {(byte) v, (byte) (v >> 8)});
    header.write(plainMember, 10, plainMember.length - 10);
    return header.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  /** The JDK's result as text: the bytes' hash and length, or the failure. */
  private static String outcome(Gunzip g, byte[] data, int max) {
    try {
      byte[] out = g.apply(data, max);
      return "ok " + out.length + " " + Arrays.hashCode(out);
    } catch (DecodeException e) {
      return "fail " + e.toFailure();
    } catch (RuntimeException e) {
      return "throws " + e;
    }
  }

  interface Gunzip {
    byte[] apply(byte[] data, int max) throws DecodeException;
  }

  private void assertSame(byte[] data, int max) {
    assertThat(outcome(reusing::gunzip, data, max))
        .as("%d bytes", data.length)
        .isEqualTo(outcome(GzipGuard::gunzip, data, max));
  }

  private List<byte[]> valid(Random random) throws Exception {
    List<byte[]> inputs = new ArrayList<>();
    for (int size : new int[] {0, 1, 100, 5_000, 40_000, 200_000}) {
      inputs.add(gzip(text(size, random)));
    }
    inputs.add(gzip(noise(20_000, random))); // compressed size > the 8 KB input chunk
    inputs.add(withHeaderFields(text(3_000, random)));
    inputs.add(concat(gzip(text(500, random)), gzip(text(700, random))));
    inputs.add(concat(gzip(noise(9_000, random)), withHeaderFields(text(50, random))));
    return inputs;
  }

  @Test
  void validMembersHeadersAndConcatenationsGiveTheSameBytes() throws Exception {
    for (byte[] data : valid(new Random(1))) {
      assertSame(data, MAX);
      assertThat(outcome(reusing::gunzip, data, MAX)).startsWith("ok");
      assertSame(data, 1_000); // the bomb limit
    }
  }

  @Test
  void trailingBytesAreReadOrIgnoredAsTheJdkDoes() throws Exception {
    Random random = new Random(2);
    byte[] small = gzip(text(400, random));
    byte[] large = gzip(noise(12_000, random));
    for (byte[] member : List.of(small, large)) {
      for (int extra = 1; extra <= 40; extra++) {
        assertSame(concat(member, noise(extra, random)), MAX);
        assertSame(concat(member, Arrays.copyOf(small, Math.min(extra, small.length))), MAX);
      }
    }
  }

  @Test
  void everyCutAndRandomCorruptionFailsAlike() throws Exception {
    Random random = new Random(3);
    List<byte[]> inputs = valid(random);
    for (byte[] data : inputs.subList(0, 4)) {
      for (int cut = 2; cut < data.length; cut++) assertSame(Arrays.copyOf(data, cut), MAX);
    }
    for (byte[] data : inputs) {
      for (int i = 0; i < 300; i++) {
        byte[] bad = data.clone();
        int flips = 1 + random.nextInt(3);
        for (int f = 0; f < flips; f++) bad[random.nextInt(bad.length)] ^= 1 << random.nextInt(8);
        bad[0] = 0x1f; // keep the magic most of the time, as the decoder only gunzips then
        if (random.nextInt(10) > 0) bad[1] = (byte) 0x8b;
        assertSame(bad, MAX);
        assertSame(data, MAX); // a good record right after a bad one
      }
    }
  }
}
