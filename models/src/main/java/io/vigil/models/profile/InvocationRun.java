package io.vigil.models.profile;

import io.vigil.models.event.Invocation;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Consecutive invocations of one function in one event-time bucket, folded before the shuffle.
 * {@link BucketAccumulator#add(InvocationRun)} gives exactly what adding each invocation would:
 * counters and sketch bins are integers, the last memory size wins as it would, and the cost and
 * GB-second sums are kept per invocation and added in arrival order (a pre-summed double would
 * depend on where runs were cut, so outputs would depend on flush timing).
 *
 * <p>Durations and memory readings travel as the values themselves, which the bucket's sketches
 * then take one by one (a bin's count does not depend on the order values reach it). The run used
 * to carry its own DDSketches: building and encoding them for a few invocations, then decoding and
 * merging them, was ~16% of the source thread and ~5% of the profile thread in a JFR profile. A run
 * in that earlier form still reads ({@link #fromBytes}).
 */
public final class InvocationRun extends InvocationCounts {
  public final long bucketStart;

  /** Newest event time in the run (the function's last-seen time moves to it). */
  public long newest = Long.MIN_VALUE;

  double[] gbSeconds = new double[8];
  double[] costs = new double[8];

  /** Clamped durations of the counted invocations (the sketch's input), in arrival order. */
  double[] durationValues = new double[8];

  int durationCount;

  /** Memory readings of the invocations that reported one. */
  int[] memoryValues = new int[8];

  int memoryCount;

  /** {@link #toBytes}' marker where the earlier form had the duration sketch's length. */
  private static final int VALUES = -2;

  public InvocationRun(long bucketStart) {
    this.bucketStart = bucketStart;
  }

  /** Events in the run, throttles included (each counts once when the run is late). */
  public long events() {
    return invocations + throttles;
  }

  /** The same fold as {@link BucketAccumulator#add(Invocation, PriceTable)}. */
  public void add(Invocation i, long timestamp, PriceTable prices) {
    newest = Math.max(newest, timestamp);
    int n = (int) invocations;
    if (!count(i)) return;
    if (n == gbSeconds.length) {
      gbSeconds = Arrays.copyOf(gbSeconds, 2 * n);
      costs = Arrays.copyOf(costs, 2 * n);
    }
    gbSeconds[n] = PriceTable.gbSeconds(i);
    costs[n] = prices.cost(i);
  }

  @Override
  void duration(double clampedMs) {
    if (durationCount == durationValues.length) {
      durationValues = Arrays.copyOf(durationValues, 2 * durationCount);
    }
    durationValues[durationCount++] = clampedMs;
  }

  @Override
  void memory(int usedMb) {
    if (memoryCount == memoryValues.length) {
      memoryValues = Arrays.copyOf(memoryValues, 2 * memoryCount);
    }
    memoryValues[memoryCount++] = usedMb;
  }

  // ---- compact binary form for the shuffle ----

  /**
   * The run as bytes, written with a {@link ByteBuffer} of the exact size ({@code DataOutputStream}
   * over a {@code ByteArrayOutputStream}, one synchronised call per field, was ~22% of the source
   * thread in a JFR profile): counters, {@code -2}, the durations and memory readings, the costs,
   * then the self-invocation count. A run read in the earlier sketch form is written in that form
   * (a run can sit in an unaligned checkpoint's in-flight data across an upgrade).
   */
  public byte[] toBytes() {
    if (durations != null || memoryUsed != null) return toSketchBytes();
    int n = (int) invocations;
    ByteBuffer b =
        ByteBuffer.allocate(
            9 * Long.BYTES
                + 5 * Integer.BYTES
                + durationCount * Double.BYTES
                + memoryCount * Integer.BYTES
                + 16 * n);
    putCounters(b);
    b.putInt(VALUES).putInt(durationCount);
    for (int k = 0; k < durationCount; k++) b.putDouble(durationValues[k]);
    b.putInt(memoryCount);
    for (int k = 0; k < memoryCount; k++) b.putInt(memoryValues[k]);
    return putCosts(b, n).array();
  }

  /** The earlier form: the two sketches encoded where the values now are. */
  private byte[] toSketchBytes() {
    byte[] d = RunBytes.sketch(durations);
    byte[] m = RunBytes.sketch(memoryUsed);
    int n = (int) invocations;
    ByteBuffer b =
        ByteBuffer.allocate(
            9 * Long.BYTES + 2 * Integer.BYTES + RunBytes.size(d) + RunBytes.size(m) + 16 * n);
    putCounters(b);
    RunBytes.put(b, d);
    RunBytes.put(b, m);
    return putCosts(b, n).array();
  }

  private void putCounters(ByteBuffer b) {
    b.putLong(bucketStart).putLong(newest);
    b.putLong(invocations).putLong(errors).putLong(timeouts).putLong(outOfMemory);
    b.putLong(throttles).putLong(coldStarts);
    b.putInt(memorySizeMb).putInt(maxMemoryUsedMb);
  }

  private ByteBuffer putCosts(ByteBuffer b, int n) {
    for (int k = 0; k < n; k++) b.putDouble(gbSeconds[k]).putDouble(costs[k]);
    b.putLong(selfInvocations); // last: a run written before it existed simply ends earlier
    return b;
  }

  public static InvocationRun fromBytes(byte[] data) {
    try {
      ByteBuffer b = ByteBuffer.wrap(data);
      InvocationRun r = new InvocationRun(b.getLong());
      r.newest = b.getLong();
      r.invocations = b.getLong();
      r.errors = b.getLong();
      r.timeouts = b.getLong();
      r.outOfMemory = b.getLong();
      r.throttles = b.getLong();
      r.coldStarts = b.getLong();
      r.memorySizeMb = b.getInt();
      r.maxMemoryUsedMb = b.getInt();
      if (b.getInt(b.position()) == VALUES) {
        b.getInt();
        r.durationValues = new double[counted(b.getInt(), b, Double.BYTES)];
        r.durationCount = r.durationValues.length;
        for (int k = 0; k < r.durationCount; k++) r.durationValues[k] = b.getDouble();
        r.memoryValues = new int[counted(b.getInt(), b, Integer.BYTES)];
        r.memoryCount = r.memoryValues.length;
        for (int k = 0; k < r.memoryCount; k++) r.memoryValues[k] = b.getInt();
      } else {
        r.durations = RunBytes.getSketch(b);
        r.memoryUsed = RunBytes.getSketch(b);
      }
      int n = Math.toIntExact(r.invocations);
      r.gbSeconds = new double[n];
      r.costs = new double[n];
      for (int k = 0; k < n; k++) {
        r.gbSeconds[k] = b.getDouble();
        r.costs[k] = b.getDouble();
      }
      if (b.remaining() >= Long.BYTES) r.selfInvocations = b.getLong();
      return r;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("corrupt invocation run", e);
    }
  }

  /** A count read from the bytes, refused when negative or longer than what is left. */
  private static int counted(int n, ByteBuffer b, int bytesEach) {
    if (n < 0 || (long) n * bytesEach > b.remaining()) {
      throw new IllegalArgumentException("bad count " + n);
    }
    return n;
  }
}
