package io.vigil.jobs.options;

import io.vigil.operators.config.OptionLists;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Decoding of raw records: the thread pool of the ordered sources. The only place its defaults
 * live.
 */
public final class DecodeOptions {
  private DecodeOptions() {}

  /** Largest pool {@link #threads} picks by itself. */
  static final int MAX_AUTO_THREADS = 4;

  public static final ConfigOption<Integer> THREADS =
      ConfigOptions.key("vigil.decode.threads")
          .intType()
          .defaultValue(0)
          .withDescription(
              "Threads decoding the simulator and replay records, whose one ordered source subtask"
                  + " otherwise decodes them itself; output order (and so every output) is the"
                  + " same. 1 decodes on the source's thread; 0 takes the available processors, at"
                  + " most 4 (1 on a single processor). Kinesis records are decoded at the job's parallelism on the task threads whatever"
                  + " this says. A savepoint taken with more than 1 holds the records in flight"
                  + " (uid decode-records-pool): restoring it with 1 needs --allowNonRestoredState"
                  + " and drops them; from 1 to more restores as is.");

  public static final ConfigOption<Duration> TIMEOUT =
      ConfigOptions.key("vigil.decode.timeout")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription(
              "A record the decode threads have not decoded within this time becomes a"
                  + " 'decode-timeout' dead letter (the job goes on).");

  /** Largest {@link #BATCH}: a thread's share of the records in flight. */
  public static final int MAX_BATCH = 16;

  public static final ConfigOption<Integer> BATCH =
      ConfigOptions.key("vigil.decode.batch")
          .intType()
          .defaultValue(8)
          .withDescription(
              "Records the source hands the decode threads at a time (1 to "
                  + MAX_BATCH
                  + "): one hand-off, one wake-up of each side per batch instead of per record. A"
                  + " batch not full within 5 ms goes as it is.");

  /** The batch size {@link #BATCH} asks for, checked. */
  public static int batch(ReadableConfig conf) {
    int batch = conf.get(BATCH);
    if (batch < 1 || batch > MAX_BATCH) {
      throw new IllegalArgumentException(
          "vigil.decode.batch: must be 1 to " + MAX_BATCH + ", was " + batch);
    }
    return batch;
  }

  /** The pool size {@link #THREADS} asks for on this machine. */
  public static int threads(ReadableConfig conf) {
    int threads = conf.get(THREADS);
    if (threads < 0) {
      throw new IllegalArgumentException("vigil.decode.threads: must be >= 0, was " + threads);
    }
    return threads > 0
        ? threads
        : Math.min(MAX_AUTO_THREADS, Runtime.getRuntime().availableProcessors());
  }

  public static List<ConfigOption<?>> all() {
    return OptionLists.declaredIn(DecodeOptions.class);
  }
}
