package io.vigil.models.detect.series;

/**
 * The compact novelty state of one function's series in the job: the invocation count and the
 * median duration per bucket, each a {@link NoveltyState} of {@link
 * NoveltyDetector.Params#compact()} (244 bytes of payload each). A Flink POJO field of {@code
 * FunctionBaseline}.
 */
public class SeriesNovelty {
  /** Novelty of ln(1 + invocations) per bucket. */
  public NoveltyState invocations;

  /** Novelty of ln(median duration) per bucket with invocations. */
  public NoveltyState duration;

  public SeriesNovelty() {}

  /** Fresh state for the job's compact parameters. */
  public static SeriesNovelty create() {
    NoveltyDetector.Params p = NoveltyDetector.Params.compact();
    SeriesNovelty s = new SeriesNovelty();
    s.invocations = NoveltyState.create(p.capacity(), p.width());
    s.duration = NoveltyState.create(p.capacity(), p.width());
    return s;
  }

  public long payloadBytes() {
    return invocations.payloadBytes() + duration.payloadBytes();
  }
}
