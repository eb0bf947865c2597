package io.vigil.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.jobs.options.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.contrib.streaming.state.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.rocksdb.CompressionType;

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
  void rocksDbMemtablesAreSmallEnoughForTheSlotsWriteBufferBudget() {
    Configuration conf = new Configuration();
    conf.set(VigilOptions.STATE_BACKEND, RuntimeOptions.StateBackend.ROCKSDB);
    Configuration flink = JobEnvironment.flinkConfiguration(LocalRunner.localDefaults(conf));
    MemorySize writeBuffer = flink.get(RocksDBConfigurableOptions.WRITE_BUFFER_SIZE);
    assertThat(writeBuffer).isEqualTo(MemorySize.ofMebiBytes(8));
    // A 64 MB slot (an embedded cluster's 128 MB over 2 slots) gives RocksDB half of it for
    // memtables, 7/8 of that mutable; one arena block (an eighth of the memtable) per column
    // family of the job's ~12 must fit with room to grow, or RocksDB flushes on every write.
    long mutableLimit = MemorySize.ofMebiBytes(64).getBytes() / 2 * 7 / 8;
    assertThat(12 * writeBuffer.getBytes() / 8).isLessThan(mutableLimit / 2);
    assertThat(flink.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
        .containsExactly(CompressionType.ZSTD_COMPRESSION);
  }

  @Test
  void explicitRocksDbSettingsWin() {
    Configuration conf = new Configuration();
    conf.set(RocksDBConfigurableOptions.WRITE_BUFFER_SIZE, MemorySize.ofMebiBytes(32));
    conf.setString("state.backend.rocksdb.compression.per.level", "LZ4_COMPRESSION");
    Configuration flink = JobEnvironment.flinkConfiguration(LocalRunner.localDefaults(conf));
    assertThat(flink.get(RocksDBConfigurableOptions.WRITE_BUFFER_SIZE))
        .isEqualTo(MemorySize.ofMebiBytes(32));
    assertThat(flink.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
        .containsExactly(CompressionType.LZ4_COMPRESSION);
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

  @Test
  void objectReuseIsOnUnlessTurnedOff() {
    Configuration local = LocalRunner.localDefaults(new Configuration());
    StreamExecutionEnvironment env =
        JobEnvironment.configure(
            StreamExecutionEnvironment.createLocalEnvironment(
                JobEnvironment.flinkConfiguration(local)),
            local);
    assertThat(env.getConfig().isObjectReuseEnabled()).isTrue();

    Configuration off = new Configuration(local);
    off.set(PipelineOptions.OBJECT_REUSE, false);
    StreamExecutionEnvironment plain =
        JobEnvironment.configure(
            StreamExecutionEnvironment.createLocalEnvironment(
                JobEnvironment.flinkConfiguration(off)),
            off);
    assertThat(plain.getConfig().isObjectReuseEnabled()).isFalse();
  }
}
