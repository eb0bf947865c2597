package io.vigil.jobs.options;

import io.vigil.operators.config.OptionLists;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Where the job reads its records: the source kind and the replay settings. The only place their
 * defaults live.
 */
public final class SourceOptions {
  private SourceOptions() {}

  /** Where records come from. */
  public enum Kind {
    SIMULATOR,
    KINESIS,
    REPLAY;

    @Override
    public String toString() {
      return OptionLists.kebab(this);
    }
  }

  /** The order in which a replay emits its records. */
  public enum ReplayOrder {
    /** Each record at its event time: no record is late. */
    EVENT_TIME,
    /** Kinesis arrival order, as the live job read them. */
    ARRIVAL;

    @Override
    public String toString() {
      return OptionLists.kebab(this);
    }
  }

  public static final ConfigOption<Kind> SOURCE =
      ConfigOptions.key("vigil.source")
          .enumType(Kind.class)
          .defaultValue(Kind.SIMULATOR)
          .withDescription(
              "Where records come from: 'simulator' (embedded simulated fleet), 'kinesis' (the"
                  + " three vigil.kinesis.* streams) or 'replay' (recorded Kinesis records, see"
                  + " vigil.replay.input).");

  public static final ConfigOption<String> REPLAY_INPUT =
      ConfigOptions.key("vigil.replay.input")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Folder of recorded Kinesis records (*.jsonl, as written by vigil record or vigil"
                  + " simulate) replayed with vigil.source=replay.");

  public static final ConfigOption<ReplayOrder> REPLAY_ORDER =
      ConfigOptions.key("vigil.replay.order")
          .enumType(ReplayOrder.class)
          .defaultValue(ReplayOrder.EVENT_TIME)
          .withDescription(
              "Order of a replay: 'event-time' (each record at its event time: no record is late)"
                  + " or 'arrival' (Kinesis arrival order, as the live job read them: late flow"
                  + " logs and billing rows are folded as late).");

  public static final ConfigOption<Duration> REPLAY_WATERMARK_STEP =
      ConfigOptions.key("vigil.replay.watermark-step")
          .durationType()
          .defaultValue(Duration.ZERO)
          .withDescription(
              "Step of a replay's watermark: it advances in whole steps, to the last millisecond"
                  + " before each. 0 = one profile bucket (vigil.bucket): every bucket closes and"
                  + " every late event is judged at the same record as with a watermark after"
                  + " each record, with one watermark per bucket instead of one per record; other"
                  + " event-time timers (an idle function's clean-up, the action limiter's"
                  + " release) fire at the next step. 1 ms = a watermark after each record.");

  public static List<ConfigOption<?>> all() {
    return OptionLists.declaredIn(SourceOptions.class);
  }
}
