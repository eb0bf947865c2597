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
 * Last processed sequence number per stream and shard ({@code stream/shardId}), in a properties
 * file written atomically. Saved only after the ledger holds the record's outcome, so a restart
 * resumes after work that is known done. Keyed by stream too, so a state folder reused with another
 * stream starts that stream from its beginning instead of asking for a foreign sequence number;
 * entries keyed by shard id alone (older versions) are ignored for the same reason.
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

  public synchronized String get(String stream, String shardId) {
    return positions.get(stream + "/" + shardId);
  }

  public synchronized void save(String stream, String shardId, String sequenceNumber) {
    positions.put(stream + "/" + shardId, sequenceNumber);
    Properties p = new Properties();
    p.putAll(positions);
    StringWriter w = new StringWriter();
    try {
      p.store(w, "vigil actuator checkpoints: stream/shard id = last processed sequence number");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AtomicFiles.write(file, w.toString());
  }
}
