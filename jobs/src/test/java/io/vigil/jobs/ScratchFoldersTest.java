package io.vigil.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class ScratchFoldersTest {

  @Test
  void deleteRemovesTheFolderWithItsContent() throws Exception {
    Path dir = ScratchFolders.create("vigil-scratch-test-");
    Files.createDirectories(dir.resolve("chk-1/shared"));
    Files.writeString(dir.resolve("chk-1/_metadata"), "x");

    ScratchFolders.delete(dir);

    assertThat(dir).doesNotExist();
  }

  @Test
  void theLocalCheckpointFolderIsDeletedWithItsCheckpointsAtExit() throws Exception {
    Configuration local = LocalRunner.localDefaults(new Configuration());
    Path dir = Path.of(URI.create(local.get(VigilOptions.CHECKPOINT_DIR)));
    Files.createDirectories(dir.resolve("job/chk-3"));
    Files.writeString(dir.resolve("job/chk-3/_metadata"), "x");

    ScratchFolders.deleteAll();

    assertThat(dir).doesNotExist();
  }

  @Test
  void aConfiguredCheckpointFolderIsNeverTouched() throws Exception {
    Path mine = Files.createTempDirectory("vigil-mine-");
    try {
      Configuration conf = new Configuration();
      conf.set(VigilOptions.CHECKPOINT_DIR, mine.toUri().toString());
      LocalRunner.localDefaults(conf);

      ScratchFolders.deleteAll();

      assertThat(mine).exists();
    } finally {
      Files.delete(mine);
    }
  }
}
