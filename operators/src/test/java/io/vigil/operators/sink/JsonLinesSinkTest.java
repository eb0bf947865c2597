package io.vigil.operators.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The part-file writer of {@link JsonLinesSink}: buffered lines, all in the file once flushed. */
class JsonLinesSinkTest {
  @TempDir Path dir;

  @Test
  void linesWaitInTheBufferUntilFlushAndFinishLeavesTheFileOpen() throws Exception {
    Path file = dir.resolve("part.jsonl");
    try (FSDataOutputStream out = create(file)) {
      BulkWriter<Object> writer = writer(out);
      writer.addElement(List.of("checkout", 3));
      writer.addElement(List.of("caf\u00e9", 4));
      assertThat(Files.size(file)).isZero(); // one write for many lines, not one per line

      writer.flush();
      assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
          .containsExactly("[\"checkout\",3]", "[\"café\",4]");

      writer.addElement(List.of(5));
      writer.finish();
      assertThat(Files.readAllLines(file)).hasSize(3).endsWith("[5]");
      out.write('x'); // Flink closes the file after finish(), not the writer
    }
    assertThat(Files.readString(file)).endsWith("[5]\nx");
  }

  @Test
  void aFullBufferIsWrittenWithoutWaitingForAFlush() throws Exception {
    Path file = dir.resolve("part.jsonl");
    try (FSDataOutputStream out = create(file)) {
      BulkWriter<Object> writer = writer(out);
      List<String> element = List.of("x".repeat(1000));
      int lines = 2 * JsonLinesSink.BUFFER_BYTES / 1000;
      for (int i = 0; i < lines; i++) writer.addElement(element);
      assertThat(Files.size(file))
          .isPositive()
          .isLessThan((long) lines * JsonLinesSink.line(element).length);
      writer.finish();
      assertThat(Files.readAllLines(file)).hasSize(lines).allMatch(l -> l.length() == 1004);
    }
  }

  private static BulkWriter<Object> writer(FSDataOutputStream out) {
    return new JsonLinesSink.LinesWriter.Factory<>().create(out);
  }

  private static FSDataOutputStream create(Path file) throws Exception {
    return LocalFileSystem.getSharedInstance()
        .create(new org.apache.flink.core.fs.Path(file.toUri()), FileSystem.WriteMode.NO_OVERWRITE);
  }
}
