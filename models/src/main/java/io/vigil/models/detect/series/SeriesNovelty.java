package io.vigil.models.detect.series;

/**
 * The compact novelty state of one function's series in the job: the invocation count and the
 * median duration per bucket, each a {@link NoveltyState} of {@link
 * NoveltyDetector.Params#compact()} (144 bytes of payload each). A Flink POJO field of {@code
 * FunctionBaseline}.
 */
public class SeriesNovelty {
  /** Novelty of ln(1 + invocations) per bucket. */
  public NoveltyState invocations;

  /**
   * Novelty of ln(median duration) per bucket with invocations; null when a policy turns it off.
   */
  public NoveltyState duration;

  public SeriesNovelty() {}

  /** Fresh state for the job's compact parameters: both series. */
  public static SeriesNovelty create() {
    SeriesNovelty s = new SeriesNovelty();
    s.invocations = fresh();
    s.duration = fresh();
    return s;
  }

  /** Fresh state of one series. */
  public static NoveltyState fresh() {
    NoveltyDetector.Params p = NoveltyDetector.Params.compact();
    return NoveltyState.create(p.capacity(), p.width());
  }

  /** Watches the duration series too ({@code true}) or drops its state. */
  public void watchDuration(boolean watch) {
    if (watch && (duration == null || !duration.isComplete())) duration = fresh();
    if (!watch) duration = null;
  }

  /** Starts afresh a series restored from the first state form (see {@link NoveltyState}). */
  public void completeRestored() {
    if (invocations == null || !invocations.isComplete()) invocations = fresh();
    if (duration != null && !duration.isComplete()) duration = fresh();
  }

  public long payloadBytes() {
    return invocations.payloadBytes() + (duration == null ? 0 : duration.payloadBytes());
  }
}
