package io.vigil.operators.source;

import io.vigil.models.event.RawRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.flink.streaming.api.functions.source.SourceFunction.SourceContext;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * Event-time watermarks of one Kinesis consumer subtask, per shard, wrapped around the source
 * context the connector emits into (so they are assigned in the source itself).
 *
 * <p>A record's timestamp is its own event time ({@link RawRecord#eventTimestamp}, peeked by the
 * deserializer); a record without one takes its shard's newest event time and moves nothing. Each
 * shard the subtask owns has a watermark of {@code newest event time - bound - 1}; the subtask
 * emits the minimum over its shards. A shard that has not delivered a record yet holds the
 * watermark at its start: this is what makes a backlog deterministic, because then an event is late
 * only if it is more than {@code bound} behind an earlier record of its own shard, whatever the
 * order in which the shards, streams and subtasks are read. A shard silent for {@code idleness}
 * (processing time, not counting time the subtask spent blocked by backpressure) stops holding time
 * back; when every owned shard is silent the subtask is marked idle. Idleness is the one
 * processing-time element: a shard that stalls longer than {@code idleness} while it still has a
 * backlog lets time pass it, and its next records may be late.
 *
 * <p>Owned shards are announced by the consumer's shard assigner ({@link #ownShard}) before they
 * are read. Everything runs under the connector's checkpoint lock; after {@link #stop()} nothing is
 * emitted any more (the connector's own per-shard periodic assigner lacks that guard: its timer
 * could fire after the source context closed during stop-with-savepoint and fail the savepoint).
 */
final class ShardWatermarks implements SourceContext<RawRecord> {
  private final SourceContext<RawRecord> out;
  private final long boundMs;
  private final long idlenessMs;
  private final LongSupplier clock;
  private final Map<String, Shard> shards = new HashMap<>();
  private ScheduledExecutorService timer;
  private long emitted = Long.MIN_VALUE;

  /**
   * When the last emit that blocked (backpressure) ended: while the subtask cannot emit, no shard
   * can deliver, so that time does not count as a shard's silence.
   */
  private long lastStallEnd = Long.MIN_VALUE;

  /** An emit this slow was blocked by backpressure. */
  static final long STALL_MS = 200;

  private boolean idle;
  private boolean stopped;

  private static final class Shard {
    long newest = Long.MIN_VALUE;
    long lastActive;

    Shard(long now) {
      lastActive = now;
    }
  }

  ShardWatermarks(SourceContext<RawRecord> out, long boundMs, long idlenessMs, LongSupplier clock) {
    this.out = out;
    this.boundMs = boundMs;
    this.idlenessMs = idlenessMs;
    this.clock = clock;
  }

  /** Re-evaluates idleness every {@code periodMs} (a silent subtask gets no records to do it). */
  void startTimer(long periodMs, String name) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::tick, periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  /** A shard this subtask reads: it holds the watermark until it delivers or falls silent. */
  void ownShard(String shardId) {
    synchronized (getCheckpointLock()) {
      shards.computeIfAbsent(shardId, id -> new Shard(clock.getAsLong()));
    }
  }

  @Override
  public void collect(RawRecord r) {
    collectWithTimestamp(r, r.arrivalTimestamp);
  }

  @Override
  public void collectWithTimestamp(RawRecord r, long arrival) {
    long now = clock.getAsLong();
    Shard s = shards.computeIfAbsent(r.shardId, id -> new Shard(now));
    s.lastActive = now;
    long timestamp;
    if (r.eventTimestamp > 0) {
      s.newest = Math.max(s.newest, r.eventTimestamp);
      timestamp = r.eventTimestamp;
    } else {
      timestamp = s.newest != Long.MIN_VALUE ? s.newest : arrival;
    }
    out.collectWithTimestamp(r, timestamp);
    long after = clock.getAsLong();
    if (after - now >= STALL_MS) lastStallEnd = after;
    idle = false;
    advance(after);
  }

  /** The connector's own watermarks are ignored (it has no assigner): only ours count. */
  @Override
  public void emitWatermark(Watermark mark) {
    if (mark.getTimestamp() == Long.MAX_VALUE) out.emitWatermark(mark);
  }

  /** The connector says so when it owns no shard at all. */
  @Override
  public void markAsTemporarilyIdle() {
    if (shards.isEmpty() && !stopped) {
      out.markAsTemporarilyIdle();
      idle = true;
    }
  }

  @Override
  public Object getCheckpointLock() {
    return out.getCheckpointLock();
  }

  @Override
  public void close() {
    stop();
  }

  /** No watermark or idleness is emitted after this (the source is finishing or cancelled). */
  void stop() {
    synchronized (getCheckpointLock()) {
      stopped = true;
    }
    if (timer != null) timer.shutdownNow();
  }

  /** The subtask's current watermark (visible for tests). */
  long watermark() {
    return emitted;
  }

  private void tick() {
    synchronized (getCheckpointLock()) {
      if (stopped) return;
      try {
        advance(clock.getAsLong());
      } catch (RuntimeException closedMeanwhile) {
        stopped = true;
      }
    }
  }

  private void advance(long now) {
    if (stopped) return;
    long min = Long.MAX_VALUE;
    for (Shard s : shards.values()) {
      if (now - Math.max(s.lastActive, lastStallEnd) >= idlenessMs) continue;
      long w = s.newest == Long.MIN_VALUE ? Long.MIN_VALUE : s.newest - boundMs - 1;
      min = Math.min(min, w);
    }
    if (min == Long.MAX_VALUE) {
      if (!idle && !shards.isEmpty()) {
        out.markAsTemporarilyIdle();
        idle = true;
      }
      return;
    }
    if (min > emitted) {
      out.emitWatermark(new Watermark(min));
      emitted = min;
    }
  }
}
