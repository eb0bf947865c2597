package io.vigil.operators.source;

import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.io.RecordingFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Replays recorded Kinesis records (JSONL, one file per stream) merged into event-time order, so a
 * backtest sees the streams interleaved as they were live. Deterministic: element N is always the
 * same record, so a restore from checkpoint fast-forwards to it. A malformed line becomes a record
 * with {@link RawRecord#sourceError} set, which the decoder dead-letters.
 */
public class RecordingReplayGenerator implements GeneratorFunction<Long, RawRecord> {
  private static final long serialVersionUID = 1L;

  private final List<String> files;
  private final boolean byArrival;
  private transient PriorityQueue<Cursor> heads;
  private transient List<BufferedReader> readers;
  private transient long next;

  public RecordingReplayGenerator(List<Path> files) {
    this(files, false);
  }

  /**
   * @param byArrival merge by Kinesis arrival time (as the live job read them: late records are
   *     late) instead of event time
   */
  public RecordingReplayGenerator(List<Path> files, boolean byArrival) {
    this.files = files.stream().map(Path::toString).toList();
    this.byArrival = byArrival;
  }

  /** A record's place in the merge (and its stream timestamp). */
  public static long orderTime(RawRecord r, boolean byArrival) {
    if (byArrival) return r.arrivalTimestamp > 0 ? r.arrivalTimestamp : r.eventTimestamp;
    return r.eventTimestamp > 0 ? r.eventTimestamp : r.arrivalTimestamp;
  }

  /** Recording files of a folder: every {@code *.jsonl}, sorted by name. */
  public static List<Path> filesIn(Path dir) {
    try (var list = Files.list(dir)) {
      List<Path> files = list.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
      if (files.isEmpty())
        throw new IllegalArgumentException("no *.jsonl recording files in " + dir);
      return files;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read recording folder " + dir + ": " + e.getMessage());
    }
  }

  /** Total lines (= elements) in the files. */
  public static long countLines(List<Path> files) {
    long n = 0;
    for (Path f : files) {
      try (var reader = RecordingFormat.reader(f)) { // as the replay reads it after
        n += reader.lines().filter(l -> !l.isBlank()).count();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + f + ": " + e.getMessage());
      }
    }
    return n;
  }

  @Override
  public void open(SourceReaderContext readerContext) throws Exception {
    heads = new PriorityQueue<>();
    readers = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      BufferedReader r = RecordingFormat.reader(Path.of(files.get(i)));
      readers.add(r);
      Cursor c = new Cursor(i, r, Path.of(files.get(i)).getFileName().toString(), byArrival);
      if (c.advance()) heads.add(c);
    }
    next = 0;
  }

  @Override
  public RawRecord map(Long index) throws Exception {
    if (index < next) {
      close();
      open(null);
    }
    RawRecord out = null;
    while (next <= index) {
      Cursor c = heads.poll();
      if (c == null) throw new IllegalStateException("recording ended before element " + index);
      out = c.current;
      if (c.advance()) heads.add(c);
      next++;
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    if (readers != null) {
      for (BufferedReader r : readers) r.close();
    }
  }

  /** The next unread record of one file, ordered by event time, then file. */
  private static final class Cursor implements Comparable<Cursor> {
    final int file;
    final BufferedReader reader;
    final String name;
    long lineNumber;
    RawRecord current;
    long time;
    final boolean byArrival;

    Cursor(int file, BufferedReader reader, String name, boolean byArrival) {
      this.file = file;
      this.reader = reader;
      this.name = name;
      this.byArrival = byArrival;
    }

    boolean advance() {
      try {
        String line;
        do {
          line = reader.readLine();
          lineNumber++;
        } while (line != null && line.isBlank());
        if (line == null) return false;
        try {
          current = RecordingFormat.fromLine(line);
        } catch (IllegalArgumentException e) {
          current = new RawRecord();
          current.stream = guessStream(name);
          current.shardId = "recording:" + name;
          current.sequenceNumber = "line " + lineNumber;
          current.data = line.getBytes(StandardCharsets.UTF_8);
          current.sourceError = "bad-recording-line: " + e.getMessage();
          current.eventTimestamp = time; // keep its place in the order
          current.arrivalTimestamp = time;
        }
        time = orderTime(current, byArrival);
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public int compareTo(Cursor o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : Integer.compare(file, o.file);
    }
  }

  private static String guessStream(String fileName) {
    for (StreamKind k : StreamKind.values()) {
      if (fileName.toLowerCase().startsWith(k.name().toLowerCase())) return k.name();
    }
    return StreamKind.LAMBDA_LOGS.name();
  }
}
