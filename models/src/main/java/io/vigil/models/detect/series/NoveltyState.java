package io.vigil.models.detect.series;

/**
 * Flat state of one {@link NoveltyDetector}: primitive fields and arrays only, a public no-arg
 * constructor and public fields, so Flink serialises it as a POJO (no Kryo) when it lives in keyed
 * state per function and signal. Sizes are fixed at construction; nothing grows with the series.
 *
 * <p>Compact by design (it is kept per function and signal in the job): prototypes are stored as
 * unsigned 16-bit fractions of the running range {@code [lo, hi]} (a resolution of 1/65,535 of the
 * range, far below the match radius of a tenth of it), match counts in a byte, recency as a 16-bit
 * block counter, scalars as floats.
 */
public class NoveltyState {

  /**
   * Prototype vectors, {@code capacity x width}, row-major: {@code (v - lo) / (hi - lo)} x 65535.
   */
  public char[] prototypes;

  /** Matches per prototype (capped), the prototype's learning-rate denominator. */
  public byte[] hits;

  /** Low 16 bits of the block when each prototype last matched or was created (LRU by age). */
  public char[] lastUsed;

  /** Prototypes in use. */
  public int prototypeCount;

  /** The last {@code width} block values, a ring, in the series' own units. */
  public float[] recent;

  /** Next write position in {@link #recent}. */
  public int recentPos;

  /** Completed blocks. */
  public int blocks;

  /** Raw points folded into the current block. */
  public int blockFill;

  /** Sum, minimum and maximum of the current block. */
  public float blockSum;

  public float blockMin;
  public float blockMax;

  /** Smoothed block mean: decides whether a block is represented by its low or its high extreme. */
  public float level;

  /** Running range of the block values (normalises every distance, scales the prototypes). */
  public float lo;

  public float hi;

  /** Block of the last new prototype (alarmed or masked). */
  public int lastNovelBlock;

  /** Block of the last alarm, and its distance in the series' units (not a fraction of a range). */
  public int lastAlarmBlock;

  public float lastAlarmDistance;

  public NoveltyState() {}

  /** State for {@code capacity} prototypes of {@code width} block values. */
  public static NoveltyState create(int capacity, int width) {
    NoveltyState s = new NoveltyState();
    s.prototypes = new char[capacity * width];
    s.hits = new byte[capacity];
    s.lastUsed = new char[capacity];
    s.recent = new float[width];
    s.lo = Float.POSITIVE_INFINITY;
    s.hi = Float.NEGATIVE_INFINITY;
    s.lastNovelBlock = Integer.MIN_VALUE / 2;
    s.lastAlarmBlock = Integer.MIN_VALUE / 2;
    return s;
  }

  /**
   * Serialised payload in bytes: array contents plus scalar fields (what a POJO serializer writes,
   * without its per-field null flags and array length prefixes).
   */
  public long payloadBytes() {
    return 2L * prototypes.length
        + hits.length
        + 2L * lastUsed.length
        + 4L * recent.length
        + 4 * 4 // prototypeCount, recentPos, blocks, blockFill
        + 4 * 6 // blockSum, blockMin, blockMax, level, lo, hi
        + 4 * 2 // lastNovelBlock, lastAlarmBlock
        + 4; // lastAlarmDistance
  }
}
