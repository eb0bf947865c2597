package io.vigil.models.detect.series;

/**
 * Flat state of one {@link NoveltyDetector}: primitive fields and arrays only, a public no-arg
 * constructor and public fields, so Flink serialises it as a POJO (no Kryo) when it lives in keyed
 * state per function and signal. Sizes are fixed at construction; nothing grows with the series.
 *
 * <p>Compact by design (it is kept per function and signal in the job): prototypes are stored as
 * unsigned 8-bit fractions of the running range {@code [lo, hi]}, and so is the recent window (a
 * resolution of 1/255 of the range, a 25th of the match radius of a tenth of it), match counts and
 * recency ranks in a byte, scalars as floats. What can be derived is not stored: the prototypes in
 * use are those with matches, the ring position is the block count modulo the width.
 *
 * <p>Savepoints of the first form (16-bit {@code prototypes}, {@code lastUsed} block stamps, a
 * {@code float[] recent} window, {@code prototypeCount}, {@code recentPos}) restore through Flink's
 * POJO schema evolution with the old fields dropped and {@link #prototypeLevels} null: {@link
 * #isComplete()} is then false and the owner starts the series afresh (it relearns within its
 * warm-up).
 */
public class NoveltyState {

  /**
   * Prototype vectors, {@code capacity x width}, row-major, unsigned: {@code (v - lo) / (hi - lo)}
   * x 255. (Replaced the 16-bit {@code char[] prototypes} of the first form.)
   */
  public byte[] prototypeLevels;

  /** Matches per prototype (capped), the prototype's learning-rate denominator; 0 = slot free. */
  public byte[] hits;

  /**
   * Recency rank of each prototype in use: 0 = the last matched or created, the largest the least
   * recently used (replaced first). (Replaced the 16-bit block stamps {@code lastUsed}.)
   */
  public byte[] useRank;

  /**
   * The last {@code width} block values, a ring written at {@code blocks % width}, quantised like
   * the prototypes. (Replaced the {@code float[] recent} of the first form.)
   */
  public byte[] recentLevels;

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
    s.prototypeLevels = new byte[capacity * width];
    s.hits = new byte[capacity];
    s.useRank = new byte[capacity];
    s.recentLevels = new byte[width];
    s.lo = Float.POSITIVE_INFINITY;
    s.hi = Float.NEGATIVE_INFINITY;
    s.lastNovelBlock = Integer.MIN_VALUE / 2;
    s.lastAlarmBlock = Integer.MIN_VALUE / 2;
    return s;
  }

  /** Prototypes in use: slots fill in order and a used slot has at least one match. */
  public int prototypesInUse() {
    int n = 0;
    while (n < hits.length && hits[n] != 0) n++;
    return n;
  }

  /** False for state restored from the first form (its arrays were dropped): start afresh. */
  public boolean isComplete() {
    return prototypeLevels != null && hits != null && useRank != null && recentLevels != null;
  }

  /**
   * Serialised payload in bytes: array contents plus scalar fields (what a POJO serializer writes,
   * without its per-field null flags and array length prefixes).
   */
  public long payloadBytes() {
    return prototypeLevels.length
        + hits.length
        + useRank.length
        + recentLevels.length
        + 4 * 2 // blocks, blockFill
        + 4 * 6 // blockSum, blockMin, blockMax, level, lo, hi
        + 4 * 2 // lastNovelBlock, lastAlarmBlock
        + 4; // lastAlarmDistance
  }
}
