package io.vigil.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.contrib.streaming.state.RocksDBOptions;
import org.apache.flink.contrib.streaming.state.RocksDBOptionsFactory;
import org.junit.jupiter.api.Test;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.RocksDB;

/** The job's RocksDB options factory: set by the job, configured by Flink, replaceable by hand. */
class VigilRocksDBOptionsTest {
  @Test
  void flinkCreatesTheFactoryFromTheJobsConfigurationAndAppliesTheTrigger() throws Exception {
    assertThat(levelZeroTrigger(new Configuration())).isEqualTo(1);
    Configuration three = new Configuration();
    three.set(VigilOptions.ROCKSDB_L0_COMPACTION_TRIGGER, 3);
    assertThat(levelZeroTrigger(three)).isEqualTo(3);
  }

  @Test
  void aFactorySetByHandWins() {
    Configuration conf = new Configuration();
    conf.set(RocksDBOptions.OPTIONS_FACTORY, "com.example.OwnFactory");
    Configuration flink = JobEnvironment.flinkConfiguration(LocalRunner.localDefaults(conf));
    assertThat(flink.get(RocksDBOptions.OPTIONS_FACTORY)).isEqualTo("com.example.OwnFactory");
  }

  @Test
  void aTriggerBelowOneIsRejectedNamingTheOption() {
    Configuration zero = new Configuration();
    zero.set(VigilOptions.ROCKSDB_L0_COMPACTION_TRIGGER, 0);
    assertThatThrownBy(() -> new VigilRocksDBOptions().configure(zero))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(VigilOptions.ROCKSDB_L0_COMPACTION_TRIGGER.key());
  }

  /** The trigger of a column family as the configured RocksDB backend would create it. */
  private static int levelZeroTrigger(Configuration vigil) throws Exception {
    Configuration flink = JobEnvironment.flinkConfiguration(LocalRunner.localDefaults(vigil));
    EmbeddedRocksDBStateBackend backend =
        new EmbeddedRocksDBStateBackend()
            .configure(flink, VigilRocksDBOptionsTest.class.getClassLoader());
    RocksDBOptionsFactory factory = backend.getRocksDBOptions();
    assertThat(factory).isInstanceOf(VigilRocksDBOptions.class);
    RocksDB.loadLibrary();
    List<AutoCloseable> handles = new ArrayList<>();
    try (ColumnFamilyOptions options = new ColumnFamilyOptions()) {
      return factory.createColumnOptions(options, handles).level0FileNumCompactionTrigger();
    } finally {
      for (AutoCloseable h : handles) h.close();
    }
  }
}
