package io.vigil.operators.sink;

import io.vigil.models.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;

/**
 * Exactly-once JSON lines: each element is one line of a part file in {@code <dir>/<name>/}. A part
 * file is written hidden ({@code .<name>-...jsonl.inprogress...}) and committed, i.e. renamed to
 * {@code <name>-<uuid>-<subtask>-<n>.jsonl}, when the checkpoint covering its lines completes (and
 * at the end of a bounded run). After a failover the uncommitted tail is discarded and written
 * again from the restored state, so the committed files hold every line exactly once. Read them
 * with {@link JsonLinesFiles} or {@code cat <dir>/<name>/*.jsonl}.
 *
 * <p>Lines are buffered ({@link LinesWriter}) and reach the file when the buffer fills and when the
 * part file is closed at a checkpoint: Flink's row format hands its encoder the unbuffered file
 * stream, one {@code write} system call per line (the metrics output's 44,000 per bench job were a
 * third of the job's system calls). The files and their commit points are the row format's: it
 * rolled at every checkpoint too, so a savepoint of either holds no open part file.
 */
public final class JsonLinesSink {
  /** Bytes buffered per part file before a write. */
  static final int BUFFER_BYTES = 64 * 1024;

  private JsonLinesSink() {}

  /** The sink writing {@code <directory>/<name>/<name>-*.jsonl}. */
  public static <T> FileSink<T> create(String directory, String name) {
    return FileSink.<T>forBulkFormat(new Path(directory, name), new LinesWriter.Factory<>())
        .withBucketAssigner(new BasePathBucketAssigner<>())
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(
            OutputFileConfig.builder()
                .withPartPrefix(name)
                .withPartSuffix(JsonLinesFiles.SUFFIX)
                .build())
        .build();
  }

  /** One element's line: its JSON and a newline, UTF-8. */
  static byte[] line(Object element) {
    return (Json.write(element) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes one JSON line per element into a buffer over the part file. Flink calls {@link #flush}
   * and then {@link #finish} before it closes and commits the file, so every buffered line is in
   * the file before its checkpoint completes.
   */
  static final class LinesWriter<T> implements BulkWriter<T> {
    private final BufferedOutputStream out;

    LinesWriter(FSDataOutputStream file) {
      this.out = new BufferedOutputStream(file, BUFFER_BYTES);
    }

    @Override
    public void addElement(T element) throws IOException {
      out.write(line(element));
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    /** Flushes; Flink closes the file stream itself. */
    @Override
    public void finish() throws IOException {
      out.flush();
    }

    static final class Factory<T> implements BulkWriter.Factory<T> {
      private static final long serialVersionUID = 1L;

      @Override
      public BulkWriter<T> create(FSDataOutputStream file) {
        return new LinesWriter<>(file);
      }
    }
  }
}
