package io.vigil.models.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import java.io.BufferedReader;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingFormatTest {
  @TempDir Path dir;

  @Test
  void theReaderGivesEveryLineOfARecordingLargerThanItsBuffer() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int k = 0; k < 800; k++) { // ~2.4 MB: more than two of the reader's reads
      byte[] data = new byte[2_000];
      data[k % data.length] = (byte) k;
      RawRecord r = new RawRecord(StreamKind.LAMBDA_LOGS, "k" + k, "shardId-0", "" + k, k, k, data);
      lines.add(RecordingFormat.toLine(r));
    }
    Path file = dir.resolve("lambda_logs.jsonl");
    Files.write(file, lines);
    assertThat(Files.size(file)).isGreaterThan(2L * RecordingFormat.READ_BYTES);
    try (BufferedReader reader = RecordingFormat.reader(file)) {
      List<String> read = reader.lines().toList();
      assertThat(read).isEqualTo(lines);
      assertThat(RecordingFormat.fromLine(read.get(799)).data[799 % 2_000]).isEqualTo((byte) 799);
    }
  }

  @Test
  void malformedUtf8FailsTheReadInsteadOfBeingReplaced() throws Exception {
    Path file = dir.resolve("bad.jsonl");
    Files.write(file, new byte[] {'{', (byte) 0xC3, '}', '\n'});
    try (BufferedReader reader = RecordingFormat.reader(file)) {
      assertThatThrownBy(() -> reader.lines().toList())
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(MalformedInputException.class);
    }
  }
}
