package io.vigil.actuator.store;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Last processed sequence number per shard, in a properties file written atomically. Saved only
 * after the ledger holds the record's outcome, so a restart resumes after work that is known done.
 */
public final class CheckpointStore {
  private final Path file;
  private final Map<String, String> positions = new TreeMap<>();

  public CheckpointStore(Path file) {
    this.file = file;
    if (Files.exists(file)) {
      Properties p = new Properties();
      try {
        p.load(new StringReader(Files.readString(file)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String k : p.stringPropertyNames()) positions.put(k, p.getProperty(k));
    }
  }

  public synchronized String get(String shardId) {
    return positions.get(shardId);
  }

  public synchronized void save(String shardId, String sequenceNumber) {
    positions.put(shardId, sequenceNumber);
    Properties p = new Properties();
    p.putAll(positions);
    StringWriter w = new StringWriter();
    try {
      p.store(w, "vigil actuator checkpoints: shard id = last processed sequence number");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AtomicFiles.write(file, w.toString());
  }
}
