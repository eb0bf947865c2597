package io.vigil.jobs;

import java.util.Collection;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.contrib.streaming.state.ConfigurableRocksDBOptionsFactory;
import org.apache.flink.contrib.streaming.state.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;

/**
 * The RocksDB settings Flink has no option for, applied after Flink's own (memtables and
 * compression stay {@link JobEnvironment}'s options): the level-0 compaction trigger ({@link
 * VigilOptions.ROCKSDB_L0_COMPACTION_TRIGGER}). Flink creates it by name and configures it with the
 * job's configuration; a factory set by hand ({@code state.backend.rocksdb.options-factory})
 * replaces it.
 */
public class VigilRocksDBOptions implements ConfigurableRocksDBOptionsFactory {
  private static final long serialVersionUID = 1L;

  private int level0CompactionTrigger = VigilOptions.ROCKSDB_L0_COMPACTION_TRIGGER.defaultValue();

  @Override
  public RocksDBOptionsFactory configure(ReadableConfig configuration) {
    level0CompactionTrigger = level0CompactionTrigger(configuration);
    return this;
  }

  /** The configured trigger; rejects one below 1 (also at job build, so the job fails fast). */
  static int level0CompactionTrigger(ReadableConfig configuration) {
    int trigger = configuration.get(VigilOptions.ROCKSDB_L0_COMPACTION_TRIGGER);
    if (trigger < 1) {
      throw new IllegalArgumentException(
          VigilOptions.ROCKSDB_L0_COMPACTION_TRIGGER.key() + " must be at least 1: " + trigger);
    }
    return trigger;
  }

  @Override
  public DBOptions createDBOptions(DBOptions current, Collection<AutoCloseable> handles) {
    return current;
  }

  @Override
  public ColumnFamilyOptions createColumnOptions(
      ColumnFamilyOptions current, Collection<AutoCloseable> handles) {
    return current.setLevel0FileNumCompactionTrigger(level0CompactionTrigger);
  }
}
