package io.vigil.models.decode;

import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/** Loads the sample records copied from shared/samples into test resources. */
final class Samples {
  private Samples() {}

  static byte[] bytes(String name) {
    try (InputStream in = Samples.class.getResourceAsStream("/samples/" + name)) {
      if (in == null) throw new IllegalStateException("missing sample " + name);
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  static byte[] gzip(String text) {
    return gzip(text.getBytes(StandardCharsets.UTF_8));
  }

  static RawRecord record(StreamKind kind, byte[] data) {
    return new RawRecord(
        kind,
        "pk",
        "shardId-000000000000",
        "49590338271490256608559692538361571095921575989136588898",
        1763640100000L,
        0L,
        data);
  }
}
