package io.vigil.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is exactly the one `vigil options` prints: every option, no
 * stale row, the defaults the option classes declare. On a mismatch the expected table is written
 * to target/options-table.md (paste it over the README's table).
 */
class VigilOptionsDocumentedTest {
  @Test
  void theReadmeTableIsGeneratedFromTheOptions() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (ConfigOption<?> option : VigilOptions.all()) {
      assertThat(VigilOptions.describe(option)).as(option.key()).isNotBlank();
    }
    String table = VigilOptions.markdownTable();
    if (!readme.contains(table)) {
      Files.writeString(Path.of("target", "options-table.md"), table);
    }
    for (String row : table.split("\n")) {
      assertThat(readme).as("README must contain the row (run ./vigil options)").contains(row);
    }
    assertThat(readme)
        .as("README's table must be exactly target/options-table.md (./vigil options)")
        .contains(table);
  }
}
