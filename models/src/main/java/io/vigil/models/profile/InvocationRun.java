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
 */
public final class InvocationRun extends InvocationCounts {
  public final long bucketStart;

  /** Newest event time in the run (the function's last-seen time moves to it). */
  public long newest = Long.MIN_VALUE;

  double[] gbSeconds = new double[8];
  double[] costs = new double[8];

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

  // ---- compact binary form for the shuffle ----

  /**
   * The run as bytes, written with a {@link ByteBuffer} of the exact size: {@code DataOutputStream}
   * over a {@code ByteArrayOutputStream} (one synchronised call per field, two per invocation) was
   * ~22% of the source thread in a JFR profile. The layout is the one {@code DataOutputStream}
   * wrote (a run can sit in an unaligned checkpoint's in-flight data across an upgrade).
   */
  public byte[] toBytes() {
    byte[] d = RunBytes.sketch(durations);
    byte[] m = RunBytes.sketch(memoryUsed);
    int n = (int) invocations;
    ByteBuffer b =
        ByteBuffer.allocate(
            9 * Long.BYTES + 2 * Integer.BYTES + RunBytes.size(d) + RunBytes.size(m) + 16 * n);
    b.putLong(bucketStart).putLong(newest);
    b.putLong(invocations).putLong(errors).putLong(timeouts).putLong(outOfMemory);
    b.putLong(throttles).putLong(coldStarts);
    b.putInt(memorySizeMb).putInt(maxMemoryUsedMb);
    RunBytes.put(b, d);
    RunBytes.put(b, m);
    for (int k = 0; k < n; k++) b.putDouble(gbSeconds[k]).putDouble(costs[k]);
    b.putLong(selfInvocations); // last: a run written before it existed simply ends earlier
    return b.array();
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
      r.durations = RunBytes.getSketch(b);
      r.memoryUsed = RunBytes.getSketch(b);
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
}
