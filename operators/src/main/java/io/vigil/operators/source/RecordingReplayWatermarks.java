package io.vigil.operators.source;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks for an ordered, single-subtask source (recording replay, simulator): after each
 * element, its timestamp minus the bound, rounded down to the last millisecond before a whole
 * {@code step}. Nothing depends on the wall clock (no periodic emission, no idleness), so the
 * watermark every downstream element sees is a function of its position in the input alone: the
 * same at any parallelism, speed or restore point. The source emits in timestamp order, so the
 * watermark needs no history and starts right after a restore.
 *
 * <p>With a step of one profile bucket, a timer at a bucket's last millisecond fires, and an event
 * whose bucket has closed counts as late, at exactly the same record as with a watermark after each
 * element: for a time {@code t = k * step - 1}, {@code t <= w} holds if and only if {@code t <=
 * floor((w + 1) / step) * step - 1}. Only one watermark per bucket then travels through every task
 * of the job instead of one per record (each costs every downstream task a timer-service advance
 * and a forward); timers at other times fire at the next step.
 */
public final class RecordingReplayWatermarks<T> implements WatermarkGenerator<T> {
  private final long boundMs;
  private final long stepMs;
  private long emitted = Long.MIN_VALUE;

  private RecordingReplayWatermarks(long boundMs, long stepMs) {
    this.boundMs = boundMs;
    this.stepMs = requireStep(stepMs);
  }

  /**
   * A watermark after each element: timestamps from {@code timestamps}, trailing by {@code bound}.
   */
  public static <T> WatermarkStrategy<T> strategy(
      Duration bound, SerializableTimestampAssigner<T> timestamps) {
    return strategy(bound, Duration.ofMillis(1), timestamps);
  }

  /** Watermarks trailing the timestamps by {@code bound}, in whole {@code step}s. */
  public static <T> WatermarkStrategy<T> strategy(
      Duration bound, Duration step, SerializableTimestampAssigner<T> timestamps) {
    long boundMs = bound.toMillis();
    long stepMs = requireStep(step.toMillis()); // at wiring, not when a task opens
    return WatermarkStrategy.<T>forGenerator(
            ctx -> new RecordingReplayWatermarks<>(boundMs, stepMs))
        .withTimestampAssigner(timestamps);
  }

  private static long requireStep(long stepMs) {
    if (stepMs < 1) throw new IllegalArgumentException("watermark step below 1 ms: " + stepMs);
    return stepMs;
  }

  /** The watermark after an element at {@code eventTimestamp}. */
  long watermarkAfter(long eventTimestamp) {
    return Math.floorDiv(eventTimestamp - boundMs, stepMs) * stepMs - 1;
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    long watermark = watermarkAfter(eventTimestamp);
    if (watermark > emitted) {
      emitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    // Event-driven only: a wall-clock-driven watermark would make results depend on speed.
  }

  /** For tests: a generator without the strategy around it. */
  static <T> RecordingReplayWatermarks<T> of(Duration bound, Duration step) {
    return new RecordingReplayWatermarks<>(bound.toMillis(), step.toMillis());
  }
}
