package io.vigil.models.profile;

import io.vigil.models.event.Invocation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 16 * (int) invocations);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeLong(bucketStart);
      out.writeLong(newest);
      for (long l :
          new long[] {invocations, errors, timeouts, outOfMemory, throttles, coldStarts}) {
        out.writeLong(l);
      }
      out.writeInt(memorySizeMb);
      out.writeInt(maxMemoryUsedMb);
      BucketAccumulator.writeBytes(out, BucketAccumulator.encode(durations));
      BucketAccumulator.writeBytes(out, BucketAccumulator.encode(memoryUsed));
      for (int k = 0; k < invocations; k++) {
        out.writeDouble(gbSeconds[k]);
        out.writeDouble(costs[k]);
      }
      out.writeLong(selfInvocations); // last: a run written before it existed simply ends earlier
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static InvocationRun fromBytes(byte[] data) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      InvocationRun r = new InvocationRun(in.readLong());
      r.newest = in.readLong();
      r.invocations = in.readLong();
      r.errors = in.readLong();
      r.timeouts = in.readLong();
      r.outOfMemory = in.readLong();
      r.throttles = in.readLong();
      r.coldStarts = in.readLong();
      r.memorySizeMb = in.readInt();
      r.maxMemoryUsedMb = in.readInt();
      r.durations = BucketAccumulator.readSketch(BucketAccumulator.readBytes(in));
      r.memoryUsed = BucketAccumulator.readSketch(BucketAccumulator.readBytes(in));
      int n = Math.toIntExact(r.invocations);
      r.gbSeconds = new double[n];
      r.costs = new double[n];
      for (int k = 0; k < n; k++) {
        r.gbSeconds[k] = in.readDouble();
        r.costs[k] = in.readDouble();
      }
      if (in.available() >= Long.BYTES) r.selfInvocations = in.readLong();
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt invocation run", e);
    }
  }
}
