package io.vigil.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/** Every configuration option is in the README's table exactly as `vigil options` prints it. */
class VigilOptionsDocumentedTest {
  @Test
  void everyOptionIsDocumentedInTheReadme() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (ConfigOption<?> option : VigilOptions.all()) {
      assertThat(VigilOptions.describe(option)).as(option.key()).isNotBlank();
    }
    for (String row : VigilOptions.markdownTable().split("\n")) {
      assertThat(readme).as("README must contain the row (run ./vigil options)").contains(row);
    }
  }
}
