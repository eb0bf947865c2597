package io.vigil.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.jobs.options.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;

/** Every embedded run gets on-heap state and file checkpoints; size-limited storage is refused. */
class LocalDefaultsTest {
  @Test
  void embeddedRunsCheckpointToAFolderWithOnHeapState() {
    Configuration local = LocalRunner.localDefaults(new Configuration());
    Configuration flink = JobEnvironment.flinkConfiguration(local);
    assertThat(flink.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
    String dir = local.get(VigilOptions.CHECKPOINT_DIR);
    assertThat(dir).startsWith("file:");
    assertThat(Files.isDirectory(Path.of(java.net.URI.create(dir)))).isTrue();
    assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo(dir);
  }

  @Test
  void explicitSettingsWin() {
    Configuration conf = new Configuration();
    conf.set(VigilOptions.STATE_BACKEND, RuntimeOptions.StateBackend.ROCKSDB);
    conf.set(VigilOptions.CHECKPOINT_DIR, "file:///tmp/somewhere");
    Configuration local = LocalRunner.localDefaults(conf);
    assertThat(local.get(VigilOptions.STATE_BACKEND))
        .isEqualTo(RuntimeOptions.StateBackend.ROCKSDB);
    assertThat(local.get(VigilOptions.CHECKPOINT_DIR)).isEqualTo("file:///tmp/somewhere");
  }

  @Test
  void jobManagerCheckpointStorageIsRejectedNamingTheOptions() {
    Configuration conf = new Configuration();
    conf.setString("state.checkpoint-storage", "jobmanager");
    assertThatThrownBy(() -> LocalRunner.boundedEnvironment(conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("state.checkpoint-storage")
        .hasMessageContaining("vigil.checkpoint.dir");
  }

  @Test
  void unknownStateBackendIsRejectedNamingTheOption() {
    Configuration conf = Configuration.fromMap(Map.of("vigil.state.backend", "memory"));
    assertThatThrownBy(() -> LocalRunner.boundedEnvironment(conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vigil.state.backend")
        .hasStackTraceContaining("[hashmap, rocksdb]");
  }
}
