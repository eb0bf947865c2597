package io.vigil.models.decode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data), 8192)) {
      ByteArrayOutputStream out =
          new ByteArrayOutputStream((int) Math.min(maxBytes, data.length * 4L));
      byte[] buf = new byte[8192];
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw new DecodeException(
              DecodeFailure.DECOMPRESSION_BOMB,
              "decompressed size exceeds " + maxBytes + " bytes (" + data.length + " compressed)");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new DecodeException(DecodeFailure.BAD_GZIP, "corrupt gzip: " + e, e);
    }
  }

  /** Gunzips when the gzip magic is present, returns the bytes unchanged otherwise. */
  public static byte[] maybeGunzip(byte[] data, int maxBytes) throws DecodeException {
    return isGzip(data) ? gunzip(data, maxBytes) : data;
  }
}
