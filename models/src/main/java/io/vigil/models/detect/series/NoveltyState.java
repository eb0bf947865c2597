package io.vigil.models.detect.series;

/**
 * Flat state of one {@link NoveltyDetector}: primitive fields and arrays only, a public no-arg
 * constructor and public fields, so Flink serialises it as a POJO (no Kryo) when it lives in keyed
 * state per function and signal. Sizes are fixed at construction; nothing grows with the series.
 */
public class NoveltyState {

  /** Prototype vectors, {@code capacity x width} floats, row-major, in the series' own units. */
  public float[] prototypes;

  /** Matches per prototype (capped), the prototype's learning-rate denominator. */
  public int[] hits;

  /** Block index when each prototype last matched or was created (least recently used goes). */
  public int[] lastUsed;

  /** Prototypes in use. */
  public int prototypeCount;

  /** The last {@code width} block values, a ring. */
  public float[] recent;

  /** Next write position in {@link #recent}. */
  public int recentPos;

  /** Completed blocks. */
  public int blocks;

  /** Raw points folded into the current block. */
  public int blockFill;

  /** Sum, minimum and maximum of the current block. */
  public double blockSum;

  public double blockMin;
  public double blockMax;

  /** Smoothed block mean: decides whether a block is represented by its low or its high extreme. */
  public double level;

  /** Running range of the block values (normalises every distance). */
  public double lo;

  public double hi;

  /** Block of the last new prototype, of the last alarm, and the last alarm's distance. */
  public int lastNovelBlock;

  public int lastAlarmBlock;
  public double lastAlarmDistance;

  public NoveltyState() {}

  /** State for {@code capacity} prototypes of {@code width} block values. */
  public static NoveltyState create(int capacity, int width) {
    NoveltyState s = new NoveltyState();
    s.prototypes = new float[capacity * width];
    s.hits = new int[capacity];
    s.lastUsed = new int[capacity];
    s.recent = new float[width];
    s.lo = Double.POSITIVE_INFINITY;
    s.hi = Double.NEGATIVE_INFINITY;
    s.lastNovelBlock = Integer.MIN_VALUE / 2;
    s.lastAlarmBlock = Integer.MIN_VALUE / 2;
    return s;
  }

  /**
   * Serialised payload in bytes: array contents plus scalar fields (what a POJO serializer writes,
   * without its per-field null flags and array length prefixes).
   */
  public long payloadBytes() {
    return 4L * prototypes.length
        + 4L * hits.length
        + 4L * lastUsed.length
        + 4L * recent.length
        + 4 * 4 // prototypeCount, recentPos, blocks, blockFill
        + 8 * 6 // blockSum, blockMin, blockMax, level, lo, hi
        + 4 * 2 // lastNovelBlock, lastAlarmBlock
        + 8; // lastAlarmDistance
  }
}
