package io.vigil.operators.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class RecordingReplayWatermarksTest {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final long BUCKET = 60_000;

  @Test
  void aOneMillisecondStepGivesAWatermarkAfterEachRecordThatMovesTime() {
    Collected out = new Collected();
    RecordingReplayWatermarks<Object> w = RecordingReplayWatermarks.of(BOUND, Duration.ofMillis(1));
    for (long t : new long[] {100_000, 100_000, 100_250, 99_000, 161_000}) w.onEvent(null, t, out);
    assertThat(out.marks).containsExactly(69_999L, 70_249L, 130_999L);
  }

  @Test
  void aBucketStepGivesOneWatermarkPerBucketAtItsLastMillisecond() {
    Collected out = new Collected();
    RecordingReplayWatermarks<Object> w =
        RecordingReplayWatermarks.of(BOUND, Duration.ofMillis(BUCKET));
    for (long t = 90_000; t <= 400_000; t += 7_000) w.onEvent(null, t, out);
    // watermarks 59,999 (t - 30 s reaches 60 s at t = 90 s), then one per minute up to 359,999
    assertThat(out.marks)
        .containsExactly(59_999L, 119_999L, 179_999L, 239_999L, 299_999L, 359_999L);
  }

  /**
   * Bucket ends and late events are judged at the same record either way: for every record and
   * every bucket's last millisecond {@code e - 1}, "the watermark has reached it" holds after the
   * same records with a bucket step as with a watermark after each record, out-of-order input
   * included.
   */
  @Test
  void aBucketStepClosesEveryBucketAtTheSameRecordAsAWatermarkPerRecord() {
    Random random = new Random(11);
    for (int trial = 0; trial < 200; trial++) {
      RecordingReplayWatermarks<Object> fine =
          RecordingReplayWatermarks.of(BOUND, Duration.ofMillis(1));
      RecordingReplayWatermarks<Object> stepped =
          RecordingReplayWatermarks.of(BOUND, Duration.ofMillis(BUCKET));
      Collected f = new Collected(), s = new Collected();
      long t = random.nextInt(10_000_000);
      for (int i = 0; i < 300; i++) {
        t += random.nextInt(45_000) - 5_000; // mostly forward, sometimes a little back
        fine.onEvent(null, t, f);
        stepped.onEvent(null, t, s);
        long wf = f.current(), ws = s.current();
        assertThat(ws).isLessThanOrEqualTo(wf);
        for (long end = Math.floorDiv(t, BUCKET) * BUCKET - 3 * BUCKET;
            end <= t + BUCKET;
            end += BUCKET) {
          assertThat(end - 1 <= ws)
              .as("bucket ending %d at watermark %d", end, wf)
              .isEqualTo(end - 1 <= wf);
        }
        // where a late event goes: the bucket after the watermark, the same either way
        assertThat(Math.floorDiv(ws + 1, BUCKET)).isEqualTo(Math.floorDiv(wf + 1, BUCKET));
      }
    }
  }

  @Test
  void aStepBelowOneMillisecondIsRefused() {
    assertThatThrownBy(
            () -> RecordingReplayWatermarks.strategy(BOUND, Duration.ZERO, (e, previous) -> 0L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("watermark step");
  }

  private static final class Collected implements WatermarkOutput {
    final List<Long> marks = new ArrayList<>();

    long current() {
      return marks.isEmpty() ? Long.MIN_VALUE : marks.get(marks.size() - 1);
    }

    @Override
    public void emitWatermark(Watermark watermark) {
      marks.add(watermark.getTimestamp());
    }

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}
  }
}
