package io.vigil.jobs.options;

import io.vigil.jobs.VigilJobMain;
import io.vigil.operators.config.OptionLists;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Execution: parallelism, state backend, checkpoints and the embedded web UI. The only place their
 * defaults live.
 */
public final class RuntimeOptions {
  private RuntimeOptions() {}

  public static final ConfigOption<Integer> PARALLELISM =
      ConfigOptions.key("vigil.parallelism")
          .intType()
          .defaultValue(2)
          .withDescription("Parallelism of the keyed operators.");

  public static final ConfigOption<Integer> MAX_PARALLELISM =
      ConfigOptions.key("vigil.max-parallelism")
          .intType()
          .defaultValue(VigilJobMain.MAX_PARALLELISM)
          .withDescription(
              "Key groups of the keyed state: the upper bound for rescaling from a savepoint. Never"
                  + " change it for a running deployment.");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      ConfigOptions.key("vigil.checkpoint.interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("Checkpoint interval; outputs are flushed at every checkpoint.");

  /** The keyed state backend; its text form is Flink's {@code state.backend.type} value. */
  public enum StateBackend {
    HASHMAP,
    ROCKSDB;

    @Override
    public String toString() {
      return OptionLists.kebab(this);
    }
  }

  public static final ConfigOption<StateBackend> STATE_BACKEND =
      ConfigOptions.key("vigil.state.backend")
          .enumType(StateBackend.class)
          .defaultValue(StateBackend.ROCKSDB)
          .withDescription(
              "Keyed state backend: 'rocksdb' (incremental checkpoints, state larger than memory;"
                  + " the default on clusters; memtables and compression set by the job, see"
                  + " Performance) or 'hashmap' (on-heap, no serialisation on state access; the"
                  + " default of the embedded vigil run/replay/eval when unset).");

  public static final ConfigOption<String> CHECKPOINT_DIR =
      ConfigOptions.key("vigil.checkpoint.dir")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Checkpoint storage URI (s3://bucket/path on clusters, file:///path locally); unset ="
                  + " a fresh temporary folder for embedded runs, the cluster's"
                  + " state.checkpoints.dir on clusters. JobManager (memory) storage is rejected.");

  public static final ConfigOption<Duration> CHECKPOINT_TIMEOUT =
      ConfigOptions.key("vigil.checkpoint.timeout")
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .withDescription("A checkpoint not complete after this long is declined.");

  public static final ConfigOption<Duration> CHECKPOINT_MIN_PAUSE =
      ConfigOptions.key("vigil.checkpoint.min-pause")
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .withDescription(
              "Least pause between the end of one checkpoint and the start of the next.");

  public static final ConfigOption<Boolean> CHECKPOINT_RETAIN =
      ConfigOptions.key("vigil.checkpoint.retain-on-cancel")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Keep the last checkpoint when the job is cancelled (restart or roll back from it).");

  public static final ConfigOption<Integer> WEB_UI_PORT =
      ConfigOptions.key("vigil.web-ui.port")
          .intType()
          .defaultValue(8081)
          .withDescription("Port of the Flink web UI of the embedded cluster.");

  public static final ConfigOption<Integer> ROCKSDB_L0_COMPACTION_TRIGGER =
      ConfigOptions.key("vigil.rocksdb.level0-compaction-trigger")
          .intType()
          .defaultValue(1)
          .withDescription(
              "RocksDB: level-0 files of a column family that start a compaction"
                  + " (level0_file_num_compaction_trigger; RocksDB's default is 4). The keyed"
                  + " operators write every active function's values back once per checkpoint, so"
                  + " each checkpoint's level-0 file mostly supersedes the one before, and a"
                  + " checkpoint holds every file until compaction: 1 halves the checkpoint per"
                  + " function at the same throughput (measured: see the README, Performance),"
                  + " for more compaction work; raise it when compaction I/O matters more than"
                  + " checkpoint size.");

  public static List<ConfigOption<?>> all() {
    return OptionLists.declaredIn(RuntimeOptions.class);
  }
}
