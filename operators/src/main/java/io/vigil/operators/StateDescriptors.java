package io.vigil.operators;

import io.vigil.models.detect.BudgetState;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.finding.OpenIncident;
import io.vigil.models.profile.BucketAccumulator;
import io.vigil.operators.detect.FunctionBaselineSerializer;
import io.vigil.operators.profile.BucketAccumulatorSerializer;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Every keyed state of the job, in one place. Names are part of savepoint compatibility: never
 * rename one without a migration.
 */
public final class StateDescriptors {
  private StateDescriptors() {}

  /** Open event-time buckets of a function, by bucket start. */
  public static MapStateDescriptor<Long, BucketAccumulator> openBuckets() {
    return new MapStateDescriptor<>(
        "open-buckets",
        org.apache.flink.api.common.typeutils.base.LongSerializer.INSTANCE,
        BucketAccumulatorSerializer.INSTANCE);
  }

  /** Bloom filter words of the destinations a function has talked to. */
  public static ValueStateDescriptor<long[]> knownDestinations() {
    return new ValueStateDescriptor<>(
        "known-destinations", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
  }

  /** Event time of the function's latest event, for idle clean-up. */
  public static ValueStateDescriptor<Long> lastSeen() {
    return new ValueStateDescriptor<>("last-seen", Types.LONG);
  }

  /**
   * End of the newest bucket a function has emitted. Watermarks are not part of a checkpoint, so
   * after a restore an event older than this would otherwise reopen an emitted bucket (same id).
   */
  public static ValueStateDescriptor<Long> closedThrough() {
    return new ValueStateDescriptor<>("closed-through", Types.LONG);
  }

  /**
   * The detectors' memory of a function, in its own versioned binary form; savepoints holding the
   * earlier POJO form migrate on restore ({@link FunctionBaselineSerializer}).
   */
  public static ValueStateDescriptor<FunctionBaseline> baseline() {
    return new ValueStateDescriptor<>("baseline", FunctionBaselineSerializer.INSTANCE);
  }

  /** Open incidents of a function, by finding type. */
  public static MapStateDescriptor<String, OpenIncident> openIncidents() {
    return new MapStateDescriptor<>(
        "open-incidents", Types.STRING, TypeInformation.of(OpenIncident.class));
  }

  /**
   * Event time of the one pending idle timer of a function, in detection and (since round 19) in
   * the profile: state names are per operator. Absent in savepoints from before it, whose one timer
   * is at the last bucket end plus the idle timeout (detection), or at the idle timer of the
   * function's last-seen time (profile).
   */
  public static ValueStateDescriptor<Long> idleTimer() {
    return new ValueStateDescriptor<>("idle-timer", Types.LONG);
  }

  /** Month-to-date spend and burn rate of a function (only with budgets from policies). */
  public static ValueStateDescriptor<BudgetState> budget() {
    return new ValueStateDescriptor<>("budget-burn", TypeInformation.of(BudgetState.class));
  }

  /**
   * Operator (not keyed) state of the profile: the watermark at the checkpoint, one entry per
   * subtask (union list), so lateness after a restore is judged as it would have been without it.
   */
  /**
   * Operator state of the profile: true when the job descends from a savepoint whose open buckets
   * may lack a timer (written before every bucket kept one), so its idle timers must iterate.
   */
  public static org.apache.flink.api.common.state.ListStateDescriptor<Boolean> legacyBuckets() {
    return new org.apache.flink.api.common.state.ListStateDescriptor<>(
        "profile-buckets-may-lack-timers",
        org.apache.flink.api.common.typeutils.base.BooleanSerializer.INSTANCE);
  }

  public static org.apache.flink.api.common.state.ListStateDescriptor<Long> profileWatermark() {
    return new org.apache.flink.api.common.state.ListStateDescriptor<>(
        "profile-watermark", org.apache.flink.api.common.typeutils.base.LongSerializer.INSTANCE);
  }
}
