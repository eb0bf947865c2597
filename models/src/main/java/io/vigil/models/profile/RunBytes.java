package io.vigil.models.profile;

import com.datadoghq.sketch.ddsketch.DDSketch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Length-prefixed byte arrays (-1 for null) in a run's {@link ByteBuffer} form. */
final class RunBytes {
  private RunBytes() {}

  /** Bytes {@link #put} takes for {@code bytes}. */
  static int size(byte[] bytes) {
    return Integer.BYTES + (bytes == null ? 0 : bytes.length);
  }

  static void put(ByteBuffer b, byte[] bytes) {
    if (bytes == null) {
      b.putInt(-1);
    } else {
      b.putInt(bytes.length).put(bytes);
    }
  }

  static byte[] get(ByteBuffer b) {
    int n = b.getInt();
    if (n < -1 || n > b.remaining()) throw new IllegalArgumentException("bad length " + n);
    if (n == -1) return null;
    byte[] bytes = new byte[n];
    b.get(bytes);
    return bytes;
  }

  /** {@code DataOutputStream.writeUTF}'s bytes, length prefix included (ASCII without a stream). */
  static byte[] utf(String s) {
    int n = s.length();
    boolean ascii = n <= 0xFFFF;
    for (int i = 0; i < n && ascii; i++) ascii = s.charAt(i) > 0 && s.charAt(i) < 0x80;
    if (!ascii) return modifiedUtf8(s);
    byte[] bytes = new byte[n + 2];
    bytes[0] = (byte) (n >>> 8);
    bytes[1] = (byte) n;
    for (int i = 0; i < n; i++) bytes[i + 2] = (byte) s.charAt(i); // writeUTF's ASCII bytes
    return bytes;
  }

  private static byte[] modifiedUtf8(String s) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(2 + 3 * s.length());
      new DataOutputStream(bytes).writeUTF(s);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A string {@link #utf} wrote. */
  static String getUtf(ByteBuffer b) {
    int n = Short.toUnsignedInt(b.getShort());
    if (n > b.remaining()) throw new IllegalArgumentException("bad length " + n);
    byte[] bytes = new byte[n];
    b.get(bytes);
    boolean ascii = true;
    for (int i = 0; i < n && ascii; i++) ascii = bytes[i] > 0;
    if (ascii) return new String(bytes, StandardCharsets.ISO_8859_1);
    try {
      return utfBody(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt string", e);
    }
  }

  /**
   * The string whose modified UTF-8 bytes (as {@code writeUTF} writes them, no length) these are.
   */
  static String utfBody(byte[] body) throws IOException {
    byte[] all = new byte[body.length + 2];
    all[0] = (byte) (body.length >>> 8);
    all[1] = (byte) body.length;
    System.arraycopy(body, 0, all, 2, body.length);
    return DataInputStream.readUTF(new DataInputStream(new ByteArrayInputStream(all)));
  }

  static byte[] sketch(DDSketch sketch) {
    try {
      return BucketAccumulator.encode(sketch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DDSketch getSketch(ByteBuffer b) {
    try {
      return BucketAccumulator.readSketch(get(b));
    } catch (IOException e) {
      throw new IllegalArgumentException("corrupt sketch", e);
    }
  }
}
