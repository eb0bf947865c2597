package io.vigil.operators.source;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks for an ordered, single-subtask source (recording replay, simulator): after each
 * element, its timestamp minus the bound. Nothing depends on the wall clock (no periodic emission,
 * no idleness), so the watermark every downstream element sees is a function of its position in the
 * input alone: the same at any parallelism, speed or restore point. The source emits in timestamp
 * order, so the watermark needs no history and starts right after a restore.
 */
public final class RecordingReplayWatermarks<T> implements WatermarkGenerator<T> {
  private final long boundMs;
  private long emitted = Long.MIN_VALUE;

  private RecordingReplayWatermarks(long boundMs) {
    this.boundMs = boundMs;
  }

  /**
   * The strategy: timestamps from {@code timestamps}, watermarks trailing them by {@code bound}.
   */
  public static <T> WatermarkStrategy<T> strategy(
      Duration bound, SerializableTimestampAssigner<T> timestamps) {
    long boundMs = bound.toMillis();
    return WatermarkStrategy.<T>forGenerator(ctx -> new RecordingReplayWatermarks<>(boundMs))
        .withTimestampAssigner(timestamps);
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    long watermark = eventTimestamp - boundMs - 1;
    if (watermark > emitted) {
      emitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    // Event-driven only: a wall-clock-driven watermark would make results depend on speed.
  }
}
