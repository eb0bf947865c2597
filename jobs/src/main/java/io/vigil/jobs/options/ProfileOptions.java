package io.vigil.jobs.options;

import io.vigil.operators.StateCacheBound;
import io.vigil.operators.config.OptionLists;
import io.vigil.operators.detect.DetectOperator;
import io.vigil.operators.profile.ProfileOperator;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The per-function profiles: buckets, state lifetime, prices and regions. The only place their
 * defaults live.
 */
public final class ProfileOptions {
  private ProfileOptions() {}

  public static final ConfigOption<Duration> BUCKET =
      ConfigOptions.key("vigil.profile.bucket")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription("Event-time bucket of the per-function profiles and detectors.");

  public static final ConfigOption<Duration> IDLE_TIMEOUT =
      ConfigOptions.key("vigil.profile.idle-timeout")
          .durationType()
          .defaultValue(Duration.ofHours(6))
          .withDescription(
              "Event time after which a silent function's state is cleared (bounds state).");

  public static final ConfigOption<Integer> STATE_CACHE_FUNCTIONS =
      ConfigOptions.key("vigil.profile.state-cache.functions")
          .intType()
          .defaultValue(StateCacheBound.AUTO)
          .withDescription(
              "Functions whose profile state each profile subtask keeps in memory between"
                  + " checkpoints (written back to keyed state before each checkpoint, and at once"
                  + " when more are cached). 0 (the default): as many as fit in"
                  + " vigil.profile.state-cache.heap-share of the JVM heap per task slot at 8 KB"
                  + " per function, at least 4,096; the bound in force is the profile operator's"
                  + " stateCacheBound gauge. On RocksDB the bound should exceed the functions per"
                  + " profile subtask: past it the cache empties again and again (20,000 functions"
                  + " at parallelism 1: 1.6x the throughput above the bound, see Performance).");

  public static final ConfigOption<Double> STATE_CACHE_HEAP_SHARE =
      ConfigOptions.key("vigil.profile.state-cache.heap-share")
          .doubleType()
          .defaultValue(ProfileOperator.DEFAULT_HEAP_SHARE)
          .withDescription(
              "Share of the JVM heap per task slot, in (0, 0.5], that the profile state cache may"
                  + " fill when vigil.profile.state-cache.functions is 0. On RocksDB its entries"
                  + " stay between checkpoints; on the heap backend they are the state's own"
                  + " objects and cost nothing extra.");

  public static final ConfigOption<Integer> DETECT_STATE_CACHE_FUNCTIONS =
      ConfigOptions.key("vigil.detect.state-cache.functions")
          .intType()
          .defaultValue(StateCacheBound.AUTO)
          .withDescription(
              "Functions whose detection state (baseline, open incidents, budget totals) each"
                  + " detect subtask keeps in memory between checkpoints (written back to keyed"
                  + " state before each checkpoint, and at once when more are cached). 0 (the"
                  + " default): as many as fit in vigil.detect.state-cache.heap-share of the JVM"
                  + " heap per task slot at 4 KB per function, at least 4,096; the bound in force"
                  + " is the detect operator's stateCacheBound gauge. Every checkpoint empties"
                  + " this cache, so it needs to exceed the functions a detect subtask sees"
                  + " between two checkpoints (20,000 functions at parallelism 1: 1.2x the"
                  + " throughput above the bound, see Performance).");

  public static final ConfigOption<Double> DETECT_STATE_CACHE_HEAP_SHARE =
      ConfigOptions.key("vigil.detect.state-cache.heap-share")
          .doubleType()
          .defaultValue(DetectOperator.DEFAULT_HEAP_SHARE)
          .withDescription(
              "Share of the JVM heap per task slot, in (0, 0.5], that the detection state cache"
                  + " may fill when vigil.detect.state-cache.functions is 0.");

  public static final ConfigOption<Integer> COMBINE_MAX_EVENTS =
      ConfigOptions.key("vigil.profile.combine.max-events")
          .intType()
          .defaultValue(10_000)
          .withDescription(
              "Events each decode subtask folds into per-function runs before the profile shuffle"
                  + " (emitted sooner at bucket ends and checkpoints); 0 sends every event on its"
                  + " own.");

  public static final ConfigOption<String> PRICES_FILE =
      ConfigOptions.key("vigil.prices.file")
          .stringType()
          .noDefaultValue()
          .withDescription("Lambda price table (JSON); the built-in us-east-1 table when unset.");

  public static final ConfigOption<String> DEFAULT_REGION =
      ConfigOptions.key("vigil.aws.default-region")
          .stringType()
          .defaultValue("us-east-1")
          .withDescription(
              "Region of Lambda log records (and flow lines without a region field) whose"
                  + " subscription filter names no region (log envelopes carry none).");

  public static List<ConfigOption<?>> all() {
    return OptionLists.declaredIn(ProfileOptions.class);
  }
}
