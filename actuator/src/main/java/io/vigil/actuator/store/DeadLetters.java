package io.vigil.actuator.store;

import io.vigil.models.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Records the actuator could not trust or decode: one JSON line each in {@code dead-letters.jsonl},
 * fsynced, with where it came from, why, its size, SHA-256 and the first {@link #HEAD_BYTES} bytes
 * (base64, so binary garbage cannot break the file).
 */
public final class DeadLetters implements AutoCloseable {
  public static final int HEAD_BYTES = 1024;

  /** One dead-lettered record. */
  public static final class Letter {
    public long at;
    public String stream;
    public String shardId;
    public String sequenceNumber;
    public String reason;
    public int size;
    public String sha256;
    public String headBase64;
  }

  private final FileChannel channel;
  private long count;

  public DeadLetters(Path file) {
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized void add(
      long at, String stream, String shardId, String seq, String reason, byte[] data) {
    Letter l = new Letter();
    l.at = at;
    l.stream = stream;
    l.shardId = shardId;
    l.sequenceNumber = seq;
    l.reason = reason;
    l.size = data.length;
    l.sha256 = sha256(data);
    l.headBase64 =
        Base64.getEncoder().encodeToString(Arrays.copyOf(data, Math.min(HEAD_BYTES, data.length)));
    byte[] line = (Json.write(l) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      channel.write(ByteBuffer.wrap(line));
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    count++;
  }

  /** Records dead-lettered by this process (a counter for logs and tests). */
  public synchronized long count() {
    return count;
  }

  public static List<Letter> read(Path file) throws IOException {
    List<Letter> out = new ArrayList<>();
    if (!Files.exists(file)) return out;
    for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!l.isBlank()) out.add(Json.read(l, Letter.class));
    }
    return out;
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
