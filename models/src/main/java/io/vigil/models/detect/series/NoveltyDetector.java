package io.vigil.models.detect.series;

import io.vigil.models.detect.AnomalyScore;
import io.vigil.models.detect.SeriesDetector;

/**
 * Streaming novelty detector in the manner of ARTime (adaptive resonance over windowed features),
 * reduced to a bounded prototype memory. The series is cut into blocks of {@code blockSize} points;
 * each block is represented by its mean, or by its extreme when that sticks out (a spike is not
 * averaged away). The last {@code width} block values form a feature vector. It is compared with at
 * most {@code capacity} stored prototypes; the distance is normalised by the running range of the
 * series. A vector within {@code radius} of its nearest prototype refines that prototype; one
 * farther away founds a new prototype (replacing the least recently used): that is a novelty.
 *
 * <p>Only novelties score, with ARTime's confidence {@code (d - radius) / d}; every other point
 * scores 0. A novelty within {@code maskBlocks} of the previous one is silenced unless it is
 * clearly farther out than the last alarm, so a new regime raises one alarm and is then learned
 * (NAB rewards only the first detection of a window and charges every detection outside one).
 *
 * <p>State: {@link NoveltyState}, {@link NoveltyState#payloadBytes()} bytes (432 bytes with the
 * defaults' 64 prototypes, 144 with the job's {@link Params#compact()} 16); cost per update
 * O(capacity x width) on block ends, O(1) otherwise.
 */
public final class NoveltyDetector implements SeriesDetector {

  /**
   * Parameters, each with its reason (see docs/detection.md).
   *
   * @param blockSize raw points per block: smooths point noise and stretches the window's reach
   * @param width blocks per feature vector (ARTime's 8)
   * @param capacity prototypes kept, at most 127 (bounded memory; least recently used is replaced)
   * @param radius distance, as a fraction of the running range, within which a vector is "known"
   * @param spikeFraction a block is represented by its extreme when it lies this fraction of the
   *     range away from the block mean (ARTime's 10 %)
   * @param maskBlocks blocks after a novelty during which further novelties are silenced
   * @param warmupBlocks blocks that learn without scoring
   * @param maxHits cap of a prototype's match count: learning rate never drops below 1/maxHits
   */
  public record Params(
      int blockSize,
      int width,
      int capacity,
      double radius,
      double spikeFraction,
      int maskBlocks,
      int warmupBlocks,
      int maxHits) {
    public Params {
      if (blockSize < 1 || width < 1 || capacity < 1 || maxHits < 1 || maxHits > 127) {
        throw new IllegalArgumentException("sizes must be positive, maxHits at most 127");
      }
      if (capacity > 127) {
        throw new IllegalArgumentException("capacity at most 127 (recency ranks are bytes)");
      }
      if (!(radius > 0 && radius < 1) || !(spikeFraction >= 0) || maskBlocks < 0) {
        throw new IllegalArgumentException("invalid radius, spike fraction or mask");
      }
      if (warmupBlocks < width) {
        throw new IllegalArgumentException("warm-up must cover one full window");
      }
    }

    /** The defaults: reasons in docs/detection.md, not a grid search. */
    public static Params defaults() {
      return new Params(4, 4, 64, 0.1, 0.1, 12, 32, 16);
    }

    /**
     * The job's per-function form: 16 prototypes (a quarter of the NAB default) so two series fit
     * the per-function state budget, and a warm-up of 8 blocks (32 buckets) like the job's other
     * detectors (30 buckets) rather than NAB's probation (15% of a file).
     */
    public static Params compact() {
      return new Params(4, 4, 16, 0.1, 0.1, 12, 8, 16);
    }

    public Params withCapacity(int c) {
      return new Params(
          blockSize, width, c, radius, spikeFraction, maskBlocks, warmupBlocks, maxHits);
    }

    public Params withRadius(double r) {
      return new Params(
          blockSize, width, capacity, r, spikeFraction, maskBlocks, warmupBlocks, maxHits);
    }

    /** Same parameters with {@code w} blocks per vector (warm-up at least one window). */
    public Params withWidth(int w) {
      return new Params(
          blockSize,
          w,
          capacity,
          radius,
          spikeFraction,
          maskBlocks,
          Math.max(warmupBlocks, w),
          maxHits);
    }
  }

  private static final String NOVEL = "novel pattern";
  private static final String KNOWN = "known pattern";

  private final Params params;
  private final NoveltyState state;
  private final float[] vector;

  public NoveltyDetector() {
    this(Params.defaults());
  }

  public NoveltyDetector(Params params) {
    this(params, NoveltyState.create(params.capacity(), params.width()));
  }

  /** Wraps existing state (e.g. restored from keyed state); it is updated in place. */
  public NoveltyDetector(Params params, NoveltyState state) {
    this.params = params;
    this.state = state;
    this.vector = new float[params.width()];
  }

  public NoveltyState state() {
    return state;
  }

  @Override
  public String name() {
    return "novelty";
  }

  @Override
  public AnomalyScore update(long timestampMs, double value) {
    double s = step(params, state, vector, value);
    return new AnomalyScore(s, value, value, s > 0 ? NOVEL : KNOWN);
  }

  /**
   * One update without allocation: folds {@code value} into {@code st} and returns its score.
   * {@code scratch} holds {@code width} floats.
   */
  public static double step(Params p, NoveltyState st, float[] scratch, double value) {
    if (!Double.isFinite(value)) {
      return 0.0;
    }
    float v = (float) value;
    if (st.blockFill == 0) {
      st.blockSum = 0;
      st.blockMin = v;
      st.blockMax = v;
    }
    st.blockSum += v;
    st.blockMin = Math.min(st.blockMin, v);
    st.blockMax = Math.max(st.blockMax, v);
    if (++st.blockFill < p.blockSize()) {
      return 0.0;
    }
    st.blockFill = 0;
    float lo = st.lo;
    float hi = st.hi;
    float rep = represent(p, st);
    if ((st.lo != lo || st.hi != hi) && st.blocks > 0) {
      rescale(p, st, lo, hi);
    }
    double range = st.hi - (double) st.lo;
    double scale = range > 0 ? FULL / range : 0;
    // the ring's write position is the block count modulo the width
    st.recentLevels[st.blocks % p.width()] = quantise((rep - st.lo) * scale);
    int block = st.blocks++;
    if (st.blocks < p.width()) {
      return 0.0;
    }
    int w = p.width();
    for (int j = 0; j < w; j++) {
      scratch[j] = st.recentLevels[(st.blocks + j) % w] & 0xFF;
    }
    return classify(p, st, scratch, block);
  }

  /**
   * Quantisation steps across the range: prototypes and the recent window are unsigned 8-bit
   * fractions of it (a step is 0.4 % of the range, a 25th of the match radius).
   */
  static final double FULL = 255.0;

  private static float represent(Params p, NoveltyState st) {
    float mean = st.blockSum / p.blockSize();
    st.level = st.blocks == 0 ? mean : 0.5f * (st.level + mean);
    float ext =
        Math.abs(st.blockMax - st.level) >= Math.abs(st.blockMin - st.level)
            ? st.blockMax
            : st.blockMin;
    st.lo = Math.min(st.lo, mean);
    st.hi = Math.max(st.hi, mean);
    double range = st.hi - st.lo;
    float rep = Math.abs(ext - mean) > p.spikeFraction() * range ? ext : mean;
    st.lo = Math.min(st.lo, rep);
    st.hi = Math.max(st.hi, rep);
    return rep;
  }

  /**
   * Re-expresses the prototypes and the recent window, quantised over {@code [lo, hi]}, over the
   * widened range.
   */
  private static void rescale(Params p, NoveltyState st, float lo, float hi) {
    double oldStep = (hi - (double) lo) / FULL;
    double range = st.hi - (double) st.lo;
    double scale = range > 0 ? FULL / range : 0;
    int n = st.prototypesInUse() * p.width();
    for (int i = 0; i < n; i++) {
      double v = lo + level(st, i) * oldStep;
      st.prototypeLevels[i] = quantise((v - st.lo) * scale);
    }
    for (int j = 0; j < st.recentLevels.length; j++) {
      double v = lo + (st.recentLevels[j] & 0xFF) * oldStep;
      st.recentLevels[j] = quantise((v - st.lo) * scale);
    }
  }

  private static byte quantise(double q) {
    return (byte) Math.max(0, Math.min(FULL, Math.round(q)));
  }

  /** Prototype component {@code i} in quantisation steps (the byte is unsigned). */
  private static int level(NoveltyState st, int i) {
    return st.prototypeLevels[i] & 0xFF;
  }

  /** {@code x}: the window in quantisation steps of the current range. */
  private static double classify(Params p, NoveltyState st, float[] x, int block) {
    int w = p.width();
    int best = -1;
    double bestD = Double.POSITIVE_INFINITY;
    int inUse = st.prototypesInUse();
    for (int k = 0; k < inUse; k++) {
      double d = distance(st.prototypeLevels, k * w, x);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    double radius = p.radius();
    if (best >= 0 && bestD <= radius) {
      int h = Math.min(st.hits[best] + 1, p.maxHits());
      st.hits[best] = (byte) h;
      promote(st, best, inUse);
      int off = best * w;
      for (int j = 0; j < w; j++) {
        int q = level(st, off + j);
        st.prototypeLevels[off + j] = quantise(q + (x[j] - q) / h);
      }
      return 0.0;
    }
    found(p, st, x);
    boolean warm = block >= p.warmupBlocks();
    boolean masked = block - st.lastNovelBlock <= p.maskBlocks();
    st.lastNovelBlock = block;
    if (!warm || best < 0) {
      return 0.0;
    }
    // a masked novelty still alarms when it is clearly less familiar than the last alarm, whose
    // distance is re-read against today's range (an alarm while the range was still narrow would
    // otherwise read as maximal for ever)
    double range = st.hi - (double) st.lo;
    double lastAlarm = range > 0 ? Math.min(st.lastAlarmDistance / range, 1.0) : 1.0;
    boolean fartherOut = (1 - bestD) < 0.9 * (1 - lastAlarm);
    if (masked && !fartherOut) {
      return 0.0;
    }
    st.lastAlarmBlock = block;
    st.lastAlarmDistance = (float) (Math.min(bestD, 1.0) * range);
    return confidence(bestD, radius);
  }

  /** Confidence of the last alarm if it came within the last {@code blocks} blocks, else 0. */
  public static double recentAlarmConfidence(Params p, NoveltyState st, int blocks) {
    int age = st.blocks - 1 - st.lastAlarmBlock;
    double range = st.hi - (double) st.lo;
    if (age < 0 || age > blocks || !(range > 0)) return 0.0;
    return confidence(Math.min(st.lastAlarmDistance / range, 1.0), p.radius());
  }

  /** ARTime's confidence of a novelty at distance {@code d} beyond {@code radius}. */
  public static double confidence(double d, double radius) {
    return d > radius ? (d - radius) / d : 0.0;
  }

  private static void found(Params p, NoveltyState st, float[] x) {
    int inUse = st.prototypesInUse();
    int slot;
    if (inUse < p.capacity()) {
      slot = inUse++;
      st.useRank[slot] = (byte) (inUse - 1); // the least recent, promoted below
    } else {
      slot = 0;
      for (int k = 1; k < inUse; k++) {
        if (st.useRank[k] > st.useRank[slot]) slot = k;
      }
    }
    int off = slot * p.width();
    for (int j = 0; j < p.width(); j++) {
      st.prototypeLevels[off + j] = quantise(x[j]);
    }
    st.hits[slot] = 1;
    promote(st, slot, inUse);
  }

  /** Makes {@code k} the most recently used: every more recent prototype moves back one rank. */
  private static void promote(NoveltyState st, int k, int inUse) {
    int rank = st.useRank[k];
    for (int i = 0; i < inUse; i++) {
      if (st.useRank[i] < rank) st.useRank[i]++;
    }
    st.useRank[k] = 0;
  }

  /**
   * Mean of the mean and the largest absolute difference, as a fraction of the range (0 =
   * identical): both vectors are in quantisation steps of the range.
   */
  static double distance(byte[] protos, int off, float[] x) {
    double sum = 0;
    double max = 0;
    for (int j = 0; j < x.length; j++) {
      double a = Math.abs(x[j] - (protos[off + j] & 0xFF));
      sum += a;
      max = Math.max(max, a);
    }
    return 0.5 * (sum / x.length + max) / FULL;
  }
}
