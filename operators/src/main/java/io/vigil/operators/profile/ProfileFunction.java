package io.vigil.operators.profile;

import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.BloomSet;
import io.vigil.models.profile.BucketAccumulator;
import io.vigil.models.profile.FlowRun;
import io.vigil.models.profile.InvocationRun;
import io.vigil.models.profile.PriceTable;
import io.vigil.operators.StateDescriptors;
import io.vigil.operators.combine.ProfileInput;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.util.Collector;

/**
 * Builds a function's behaviour profile in event-time buckets. A bucket closes when the watermark
 * passes its end (event-time timer) and is emitted as a {@link MetricBucket}. Events older than the
 * watermark (late billing rows, slow flow logs) are folded into the current bucket and counted as
 * late, never dropped. A function silent for {@code idleTimeoutMs} of event time loses its state.
 *
 * <p>Invocations arrive folded into runs by {@link io.vigil.operators.combine.ProfileCombiner}: a
 * run is one bucket of one function, so state is read and written once per run, not per invocation;
 * a run whose bucket is closed is late as a whole, as each of its events would be.
 *
 * <p>The job runs it in {@link ProfileOperator}, whose write-back cache reads and writes the keyed
 * state once per function and checkpoint; alone (in Flink's {@code KeyedProcessOperator}) it reads
 * and writes keyed state directly, with the same outputs, timers and state.
 */
public class ProfileFunction extends KeyedProcessFunction<String, ProfileInput, MetricBucket>
    implements CheckpointedFunction {
  public static final String UID = "profile-functions";
  public static final String NAME = "Profile functions (event-time buckets)";

  private final long bucketMs;
  private final long idleTimeoutMs;
  private final PriceTable prices;

  /** The function's keyed state, directly or through {@link ProfileOperator}'s cache. */
  private transient ProfileState state;

  private transient ListState<Long> checkpointedWatermark;

  /** Whether the job was restored from a savepoint whose buckets may lack a timer (see onTimer). */
  private transient ListState<Boolean> legacyBuckets;

  private transient boolean bucketsMayLackTimers;

  /** Watermark restored from the checkpoint (the operator's own restarts at MIN_VALUE). */
  private transient long restoredWatermark = Long.MIN_VALUE;

  /** The operator's timer service, to read its watermark when a checkpoint is taken. */
  private transient TimerService timers;

  private transient Counter lateEvents;
  private transient Counter bucketsOut;
  private transient Counter idleEvictions;

  public ProfileFunction(long bucketMs, long idleTimeoutMs, PriceTable prices) {
    if (bucketMs <= 0) throw new IllegalArgumentException("bucket size must be positive");
    this.bucketMs = bucketMs;
    this.idleTimeoutMs = idleTimeoutMs;
    this.prices = prices;
  }

  @Override
  public void open(OpenContext openContext) {
    state = new KeyedProfileState(getRuntimeContext());
    lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
    bucketsOut = getRuntimeContext().getMetricGroup().counter("bucketsOut");
    idleEvictions = getRuntimeContext().getMetricGroup().counter("idleEvictions");
  }

  /**
   * From now on reads and writes this function's keyed state through a write-back cache; the caller
   * ({@link ProfileOperator}, after {@code open}) flushes it. {@code keepOnCheckpoint}: the state
   * backend copies values on write, so cached entries may outlive a checkpoint's write-back.
   */
  ProfileStateCache cacheState(KeyContext keys, boolean keepOnCheckpoint) {
    ProfileStateCache cache =
        new ProfileStateCache(
            (KeyedProfileState) state, keys, !bucketsMayLackTimers, keepOnCheckpoint);
    state = cache;
    return cache;
  }

  @Override
  public void processElement(ProfileInput in, Context ctx, Collector<MetricBucket> out)
      throws Exception {
    timers = ctx.timerService();
    if (in.run != null || in.flows != null) {
      processRuns(
          in.run == null ? null : InvocationRun.fromBytes(in.run),
          in.flows == null ? null : FlowRun.fromBytes(in.flows),
          in.flowsFirst,
          ctx);
    } else {
      processEvent(in.event, ctx);
    }
  }

  /**
   * A run of invocations, of flows, or both of one bucket: one bucket update. The function's
   * last-seen time moves as it would have with the two runs one after the other, in the order they
   * started (the idle timer's placement depends on it at the edges).
   */
  private void processRuns(InvocationRun run, FlowRun flows, boolean flowsFirst, Context ctx)
      throws Exception {
    long start = run != null ? run.bucketStart : flows.bucketStart;
    long events = (run == null ? 0 : run.events()) + (flows == null ? 0 : flows.events);
    BucketAccumulator acc = openBucket(start, events, ctx);
    if (run != null) acc.add(run);
    if (flows != null) addFlows(acc, known -> acc.add(flows, known));
    state.putBucket(acc);
    if (flowsFirst) touch(flows.newest, acc);
    if (run != null) touch(run.newest, acc);
    if (flows != null && !flowsFirst) touch(flows.newest, acc);
  }

  /** Adds flows with the function's known destinations, stored again if they changed. */
  private void addFlows(BucketAccumulator acc, Consumer<BloomSet> add) throws Exception {
    long[] words = state.knownDestinations();
    BloomSet known = new BloomSet(words == null ? new long[BloomSet.BITS / 64] : words);
    long before = acc.newDestinations;
    add.accept(known);
    if (words == null || acc.newDestinations != before) state.setKnownDestinations(known.words());
  }

  private void processEvent(TelemetryEvent e, Context ctx) throws Exception {
    BucketAccumulator acc = openBucket(Math.floorDiv(e.timestamp, bucketMs) * bucketMs, 1, ctx);
    if (e.invocation != null) {
      acc.add(e.invocation, prices);
    } else if (e.flow != null) {
      addFlows(acc, known -> acc.add(e.flow, known));
    } else if (e.billing != null) {
      acc.add(e.billing);
    }
    state.putBucket(acc);
    touch(e.timestamp, acc);
  }

  /**
   * The open bucket that {@code events} events of the bucket at {@code start} go to: their own, or,
   * when it is already closed, the current one (counted late).
   */
  private BucketAccumulator openBucket(long start, long events, Context ctx) throws Exception {
    // Late = its bucket is already closed: by the watermark (after a restore, the one checkpointed
    // until a newer arrives), or by a bucket this function emitted before.
    long horizon = Math.max(timers.currentWatermark(), restoredWatermark);
    Long closed = state.closedThrough();
    if (closed != null) horizon = Math.max(horizon, closed - 1);
    boolean late = start + bucketMs - 1 <= horizon;
    if (late) {
      start = Math.floorDiv(horizon + 1, bucketMs) * bucketMs;
      lateEvents.inc(events);
    }
    BucketAccumulator acc = state.bucket(start);
    if (acc == null) {
      acc = new BucketAccumulator(ctx.getCurrentKey(), start, start + bucketMs);
      ctx.timerService().registerEventTimeTimer(start + bucketMs - 1);
    }
    if (late) acc.lateEvents += events;
    return acc;
  }

  /**
   * Moves the function's last-seen time to {@code timestamp}. Its one idle timer stays where it is
   * while events come (moving it cost a timer delete and a register per bucket: on RocksDB a
   * tombstone and a write); when it fires early, {@link #onTimer} sets it again where it is due.
   * One timer per function, not one per bucket of activity (that would keep idle-timeout / bucket
   * timers, ~360, in every checkpoint).
   */
  private void touch(long timestamp, BucketAccumulator acc) throws Exception {
    Long seen = state.lastSeen();
    long newest = seen == null ? timestamp : Math.max(seen, timestamp);
    // The idle timer must not fire before the bucket this event went to closes. Only an event
    // folded late into a bucket beyond it (after a restore: judged by the restored watermark) can
    // be there; last-seen then moves to that bucket.
    if (idleTimerAt(newest) < acc.bucketEnd - 1) newest = Math.max(newest, acc.bucketStart);
    if (seen != null && newest <= seen) return;
    if (bucketsMayLackTimers) {
      state.setLastSeen(newest);
      moveIdleTimer(seen, newest);
      return;
    }
    Long pending = pendingIdleTimer(seen);
    state.setLastSeen(newest);
    if (pending == null) state.armIdleTimer(idleTimerAt(newest), timers);
  }

  /**
   * When the function's idle timer is due. A savepoint from before the timer was recorded holds
   * none but has the one timer the function kept then, at the idle timer of its last-seen time.
   */
  private Long pendingIdleTimer(Long seen) throws Exception {
    return state.pendingIdleTimer(seen == null ? null : idleTimerAt(seen));
  }

  /**
   * After a restore from a savepoint whose buckets may lack a timer: the idle timer follows the
   * newest event, registered again every time, as then (one that fired may have left an open bucket
   * behind without evicting the function, see onTimer).
   */
  private void moveIdleTimer(Long seen, long newest) throws Exception {
    long idleAt = idleTimerAt(newest);
    if (seen != null && idleTimerAt(seen) != idleAt && !bucketEndsAt(idleTimerAt(seen)))
      timers.deleteEventTimeTimer(idleTimerAt(seen));
    timers.registerEventTimeTimer(idleAt);
  }

  /**
   * Whether an open bucket's timer is at {@code timer}: timers are unique per key and time, so
   * deleting the old idle timer there would delete that bucket's timer too (an event far ahead of
   * the last one can open the bucket the old idle timer closes).
   */
  private boolean bucketEndsAt(long timer) throws Exception {
    return state.bucket(timer + 1 - bucketMs) != null;
  }

  /** The idle timer of a function whose newest event is at {@code newest}: a bucket end. */
  private long idleTimerAt(long newest) {
    return Math.floorDiv(newest + idleTimeoutMs, bucketMs) * bucketMs + bucketMs - 1;
  }

  /**
   * Closes the bucket that ends at {@code timestamp} with a point lookup: every open bucket has its
   * own timer at its end and timers fire in time order, so no older bucket is still open. Iterating
   * the map instead cost two RocksDB seeks per timer, which dominated at 20,000 functions. The idle
   * timer sits at or after the end of every bucket the function has open (last-seen moves to the
   * bucket an event folds into), so when it fires the map is already empty and it does not iterate:
   * Flink 1.20's RocksDB map iterator seeks without an upper bound, across the tombstones of every
   * later function (FLINK-40584), which made the end of a 20,000-function replay quadratic. Only a
   * job restored from a savepoint of an older version, whose buckets may lack a timer, iterates.
   */
  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MetricBucket> out)
      throws Exception {
    timers = ctx.timerService();
    long start = timestamp + 1 - bucketMs;
    BucketAccumulator due = state.bucket(start);
    if (due != null) {
      emit(due, out);
      state.removeBucket(start);
    }
    Long seen = state.lastSeen();
    if (seen == null) return;
    if (seen + idleTimeoutMs > timestamp) {
      // Events came since the idle timer was set: set it again where it is due now.
      if (!bucketsMayLackTimers && pendingIdleTimer(seen) == timestamp)
        state.armIdleTimer(idleTimerAt(seen), timers);
      return;
    }
    if (bucketsMayLackTimers) {
      if (closeAllDue(timestamp, out)) return;
      state.clearBuckets(); // drop the empty map entry itself
    }
    state.evict();
    idleEvictions.inc();
  }

  /** Emits every open bucket that ended by {@code timestamp}; true when one is still open. */
  private boolean closeAllDue(long timestamp, Collector<MetricBucket> out) throws Exception {
    boolean anyOpen = false;
    Iterator<Map.Entry<Long, BucketAccumulator>> it = state.buckets();
    while (it.hasNext()) {
      Map.Entry<Long, BucketAccumulator> entry = it.next();
      if (entry.getValue().bucketEnd - 1 <= timestamp) {
        emit(entry.getValue(), out);
        it.remove();
      } else {
        anyOpen = true;
      }
    }
    return anyOpen;
  }

  private void emit(BucketAccumulator acc, Collector<MetricBucket> out) throws Exception {
    out.collect(acc.toBucket());
    bucketsOut.inc();
    Long closed = state.closedThrough();
    if (closed == null || acc.bucketEnd > closed) state.setClosedThrough(acc.bucketEnd);
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    long watermark = restoredWatermark;
    if (timers != null) watermark = Math.max(watermark, timers.currentWatermark());
    checkpointedWatermark.update(List.of(watermark));
    legacyBuckets.update(List.of(bucketsMayLackTimers));
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    checkpointedWatermark =
        context.getOperatorStateStore().getUnionListState(StateDescriptors.profileWatermark());
    // Union: every subtask sees all entries. The lowest is safe after a rescale (never judges an
    // event late that its own subtask would not have).
    long lowest = Long.MAX_VALUE;
    for (Long w : checkpointedWatermark.get()) lowest = Math.min(lowest, w);
    restoredWatermark = lowest == Long.MAX_VALUE ? Long.MIN_VALUE : lowest;
    legacyBuckets =
        context.getOperatorStateStore().getUnionListState(StateDescriptors.legacyBuckets());
    // A savepoint without the marker comes from a version whose buckets could lose their timer;
    // once set, the marker stays with the job, as such a bucket can stay open for as long as its
    // function is active.
    boolean legacy = context.isRestored() && !legacyBuckets.get().iterator().hasNext();
    for (Boolean b : legacyBuckets.get()) legacy |= b;
    bucketsMayLackTimers = legacy;
  }
}
