package io.vigil.actuator.audit;

import io.vigil.models.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Appends one JSON object per line and forces it to disk before returning. */
public final class JsonlAuditSink implements AuditSink {
  private final Path file;
  private final FileChannel channel;

  public JsonlAuditSink(Path file) {
    this.file = file;
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void record(AuditEvent event) {
    byte[] line = (Json.write(event) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      channel.write(java.nio.ByteBuffer.wrap(line));
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a JSONL audit file (tests, tools). */
  public static List<AuditEvent> read(Path file) throws IOException {
    List<AuditEvent> out = new ArrayList<>();
    if (!Files.exists(file)) return out;
    for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!l.isBlank()) out.add(Json.read(l, AuditEvent.class));
    }
    return out;
  }

  public Path file() {
    return file;
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
