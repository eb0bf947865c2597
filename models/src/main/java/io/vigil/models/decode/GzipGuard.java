package io.vigil.models.decode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Gunzip with a cap on the decompressed size, so a gzip bomb is refused before it is inflated. */
public final class GzipGuard {
  private GzipGuard() {}

  /** True when the bytes start with the gzip magic number {@code 1f 8b}. */
  public static boolean isGzip(byte[] data) {
    return data != null && data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
  }

  /**
   * Decompresses {@code data}, allocating at most about {@code maxBytes}.
   *
   * @throws DecodeException {@code bad-gzip} for corrupt input, {@code decompression-bomb} when the
   *     output would exceed {@code maxBytes}
   */
  public static byte[] gunzip(byte[] data, int maxBytes) throws DecodeException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data), chunk(data))) {
      return readBounded(in, data, maxBytes);
    } catch (IOException e) {
      throw new DecodeException(DecodeFailure.BAD_GZIP, "corrupt gzip: " + e, e);
    }
  }

  /** The input chunk size the gzip readers use: it decides how trailing bytes are read. */
  private static int chunk(byte[] data) {
    return Math.min(8192, data.length);
  }

  /**
   * {@link #gunzip} with one {@link java.util.zip.Inflater} kept from record to record (its native
   * zlib state allocated once, not per record): the same bytes and the same failures. Not
   * thread-safe: one per decoder.
   */
  public static final class Reusing {
    private final ReusableGzipReader reader = new ReusableGzipReader();

    public byte[] gunzip(byte[] data, int maxBytes) throws DecodeException {
      try {
        reader.open(data, chunk(data));
        return readBounded(reader, data, maxBytes);
      } catch (IOException e) {
        throw new DecodeException(DecodeFailure.BAD_GZIP, "corrupt gzip: " + e, e);
      } finally {
        reader.close();
      }
    }

    /** Gunzips when the gzip magic is present, returns the bytes unchanged otherwise. */
    public byte[] maybeGunzip(byte[] data, int maxBytes) throws DecodeException {
      return isGzip(data) ? gunzip(data, maxBytes) : data;
    }
  }

  /** Reads a gzip stream to its end into one array, refusing more than {@code maxBytes}. */
  private static byte[] readBounded(InputStream in, byte[] data, int maxBytes)
      throws IOException, DecodeException {
    // The trailer's ISIZE (size mod 2^32) sizes the output exactly for a normal record: no
    // growing buffer and no final copy. It is only a hint: the stream is read to its end anyway.
    int hint = sizeHint(data, maxBytes);
    byte[] exact = new byte[hint];
    int off = 0;
    int n;
    while (off < hint && (n = in.read(exact, off, hint - off)) > 0) off += n;
    int next = off < hint ? -1 : in.read();
    if (next < 0) return off == hint ? exact : java.util.Arrays.copyOf(exact, off);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, hint * 2));
    out.write(exact, 0, off);
    out.write(next);
    long total = off + 1L;
    byte[] buf = new byte[8192];
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total > maxBytes) {
        throw new DecodeException(
            DecodeFailure.DECOMPRESSION_BOMB,
            "decompressed size exceeds " + maxBytes + " bytes (" + data.length + " compressed)");
      }
      out.write(buf, 0, n);
    }
    if (total > maxBytes) {
      throw new DecodeException(
          DecodeFailure.DECOMPRESSION_BOMB,
          "decompressed size exceeds " + maxBytes + " bytes (" + data.length + " compressed)");
    }
    return out.toByteArray();
  }

  /**
   * The gzip trailer's uncompressed size, bounded by {@code maxBytes} and by deflate's best ratio
   * (about 1032:1), so a lying trailer cannot make us allocate more than a real stream could need.
   */
  private static int sizeHint(byte[] data, int maxBytes) {
    int k = data.length - 4;
    if (k < 10) return 0;
    long isize =
        (data[k] & 0xffL)
            | (data[k + 1] & 0xffL) << 8
            | (data[k + 2] & 0xffL) << 16
            | (data[k + 3] & 0xffL) << 24;
    return (int) Math.min(isize, Math.min(maxBytes, data.length * 1032L));
  }

  /** Gunzips when the gzip magic is present, returns the bytes unchanged otherwise. */
  public static byte[] maybeGunzip(byte[] data, int maxBytes) throws DecodeException {
    return isGzip(data) ? gunzip(data, maxBytes) : data;
  }
}
