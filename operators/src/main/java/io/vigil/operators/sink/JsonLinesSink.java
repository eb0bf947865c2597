package io.vigil.operators.sink;

import io.vigil.models.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.sink.FileSink;
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
 */
public final class JsonLinesSink {
  private JsonLinesSink() {}

  /** The sink writing {@code <directory>/<name>/<name>-*.jsonl}. */
  public static <T> FileSink<T> create(String directory, String name) {
    return FileSink.<T>forRowFormat(new Path(directory, name), new LineEncoder<>())
        .withBucketAssigner(new BasePathBucketAssigner<>())
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(
            OutputFileConfig.builder()
                .withPartPrefix(name)
                .withPartSuffix(JsonLinesFiles.SUFFIX)
                .build())
        .build();
  }

  /** One element as one JSON line. */
  static final class LineEncoder<T> implements Encoder<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public void encode(T element, OutputStream stream) throws IOException {
      stream.write((Json.write(element) + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }
}
