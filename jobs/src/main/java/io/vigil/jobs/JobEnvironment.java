package io.vigil.jobs;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Applies Vigil's execution settings (state backend, checkpoints, parallelism) to an environment,
 * the same way for the embedded cluster and for real clusters.
 */
public final class JobEnvironment {
  private JobEnvironment() {}

  /** Flink configuration entries derived from the vigil.* options (for environment creation). */
  public static Configuration flinkConfiguration(Configuration vigil) {
    VigilOptions.validate(vigil);
    rejectSizeLimitedStorage(vigil);
    Configuration flink = new Configuration(vigil);
    // Every event type must have a POJO serializer: fail fast instead of falling back to Kryo.
    flink.set(PipelineOptions.GENERIC_TYPES, false);
    flink.set(StateBackendOptions.STATE_BACKEND, vigil.get(VigilOptions.STATE_BACKEND).toString());
    flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    vigil
        .getOptional(VigilOptions.CHECKPOINT_DIR)
        .ifPresent(dir -> flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir));
    return flink;
  }

  /**
   * Rejects settings under which checkpoints could hit a size limit and fail the job later: the
   * JobManager (memory) checkpoint storage caps a checkpoint at 5 MB, which a fleet's keyed state
   * passes within minutes. The message names the option to change.
   */
  static void rejectSizeLimitedStorage(Configuration vigil) {
    String storage = vigil.get(CheckpointingOptions.CHECKPOINT_STORAGE);
    String storageKey =
        vigil.containsKey("state.checkpoint-storage")
            ? "state.checkpoint-storage"
            : CheckpointingOptions.CHECKPOINT_STORAGE.key();
    if (storage != null && storage.equalsIgnoreCase("jobmanager")) {
      throw new IllegalArgumentException(
          storageKey
              + "=jobmanager keeps checkpoints in the JobManager's memory (5 MB limit per"
              + " checkpoint): remove it and set "
              + VigilOptions.CHECKPOINT_DIR.key()
              + " (file:///path or s3://bucket/path)");
    }
    if (vigil.getOptional(VigilOptions.CHECKPOINT_DIR).isEmpty()
        && vigil.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isEmpty()
        && "filesystem".equalsIgnoreCase(storage)) {
      throw new IllegalArgumentException(
          storageKey + "=filesystem needs a folder: set " + VigilOptions.CHECKPOINT_DIR.key());
    }
  }

  /** Checkpointing and parallelism, set on the environment itself. */
  public static StreamExecutionEnvironment configure(
      StreamExecutionEnvironment env, Configuration vigil) {
    env.setParallelism(vigil.get(VigilOptions.PARALLELISM));
    env.setMaxParallelism(vigil.get(VigilOptions.MAX_PARALLELISM));
    env.enableCheckpointing(vigil.get(VigilOptions.CHECKPOINT_INTERVAL).toMillis());
    CheckpointConfig checkpoints = env.getCheckpointConfig();
    // Explicit, so a cluster default of JobManager (memory) storage cannot cap the state at 5 MB.
    vigil.getOptional(VigilOptions.CHECKPOINT_DIR).ifPresent(checkpoints::setCheckpointStorage);
    checkpoints.setCheckpointTimeout(vigil.get(VigilOptions.CHECKPOINT_TIMEOUT).toMillis());
    checkpoints.setMinPauseBetweenCheckpoints(
        vigil.get(VigilOptions.CHECKPOINT_MIN_PAUSE).toMillis());
    checkpoints.setExternalizedCheckpointRetention(
        vigil.get(VigilOptions.CHECKPOINT_RETAIN)
            ? ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION
            : ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION);
    return env;
  }
}
