package io.vigil.operators.sink;

import io.vigil.models.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Appends each element as one JSON line to {@code <dir>/<name>.jsonl} ({@code <name>-<subtask>
 * .jsonl} when parallel). Flushed at every checkpoint and at most a second after a write, so the
 * files are readable while the job runs. At-least-once: after a failover some lines may repeat;
 * every element carries a deterministic id for consumers to de-duplicate.
 */
public class JsonLinesSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;
  private static final long FLUSH_INTERVAL_MS = 1000;

  private final String directory;
  private final String name;

  public JsonLinesSink(String directory, String name) {
    this.directory = directory;
    this.name = name;
  }

  @Override
  @SuppressWarnings("deprecation")
  public SinkWriter<T> createWriter(InitContext context) throws IOException {
    return open(
        context.getTaskInfo().getIndexOfThisSubtask(),
        context.getTaskInfo().getNumberOfParallelSubtasks());
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return open(
        context.getTaskInfo().getIndexOfThisSubtask(),
        context.getTaskInfo().getNumberOfParallelSubtasks());
  }

  private SinkWriter<T> open(int subtask, int parallelism) throws IOException {
    Path dir = Path.of(directory);
    Files.createDirectories(dir);
    String file = parallelism == 1 ? name + ".jsonl" : name + "-" + subtask + ".jsonl";
    return new Writer<>(
        Files.newBufferedWriter(
            dir.resolve(file),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND));
  }

  /** Buffers whole lines and writes them in one go, so readers never see half a line. */
  private static final class Writer<T> implements SinkWriter<T> {
    private static final int MAX_BUFFER_CHARS = 1 << 20;
    private final BufferedWriter out;
    private final StringBuilder pending = new StringBuilder(8192);
    private long lastFlush = System.currentTimeMillis();

    Writer(BufferedWriter out) {
      this.out = out;
    }

    @Override
    public void write(T element, Context context) throws IOException {
      pending.append(Json.write(element)).append('\n');
      long now = System.currentTimeMillis();
      if (now - lastFlush >= FLUSH_INTERVAL_MS || pending.length() >= MAX_BUFFER_CHARS) {
        flush(false);
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      if (pending.length() > 0) {
        out.write(pending.toString());
        pending.setLength(0);
      }
      out.flush();
      lastFlush = System.currentTimeMillis();
    }

    @Override
    public void close() throws IOException {
      flush(true);
      out.close();
    }
  }
}
