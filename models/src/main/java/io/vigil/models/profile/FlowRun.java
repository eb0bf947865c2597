package io.vigil.models.profile;

import io.vigil.models.event.FlowRecord;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;

/**
 * Consecutive flows of one function in one event-time bucket, folded before the shuffle. {@link
 * BucketAccumulator#add(FlowRun, BloomSet)} gives exactly what adding each flow in order would: the
 * counters are integer sums; the top destination is the first flow with the most bytes, as in
 * order; the distinct ports and egress destinations keep their first-seen order, and a repeat adds
 * nothing to a sketch or to the known-destination filter (a destination already added is never new
 * again), so the function's filter sees the same additions in the same order.
 */
public final class FlowRun {
  public final long bucketStart;

  /** Newest event time in the run (the function's last-seen time moves to it). */
  public long newest = Long.MIN_VALUE;

  /** Flow events, those without traffic included (each counts once when the run is late). */
  public long events;

  long flows;
  long rejectedFlows;
  long packets;
  long egressBytes;
  long ingressBytes;
  long miningPortFlows;
  String topDestination;
  long topDestinationBytes;
  int topDestinationPort;

  /** Distinct ports (rejected, or accepted egress), first-seen order. */
  LinkedHashSet<Integer> ports = new LinkedHashSet<>();

  /** Distinct egress destinations, first-seen order. */
  LinkedHashSet<String> destinations = new LinkedHashSet<>();

  public FlowRun(long bucketStart) {
    this.bucketStart = bucketStart;
  }

  /** The same fold as {@link BucketAccumulator#add(FlowRecord, BloomSet)}. */
  public void add(FlowRecord f, long timestamp) {
    newest = Math.max(newest, timestamp);
    events++;
    if (!f.hasTraffic()) return;
    flows++;
    packets += Math.max(f.packets, 0);
    if (f.rejected()) {
      rejectedFlows++;
      if (f.dstPort >= 0) ports.add(f.dstPort);
    }
    if (NetworkRules.isEgress(f)) {
      egressBytes += f.bytes;
      if (f.dstAddr != null) destinations.add(f.dstAddr);
      if (f.dstPort >= 0 && !f.rejected()) ports.add(f.dstPort);
      if (NetworkRules.isMiningPort(f.dstPort)) miningPortFlows++;
      if (f.bytes > topDestinationBytes) {
        topDestinationBytes = f.bytes;
        topDestination = f.dstAddr;
        topDestinationPort = f.dstPort;
      }
    } else {
      ingressBytes += f.bytes;
    }
  }

  // ---- compact binary form for the shuffle ----

  /** The run as bytes (see {@link InvocationRun#toBytes()} for why a {@link ByteBuffer}). */
  public byte[] toBytes() {
    byte[] top = topDestination == null ? null : RunBytes.utf(topDestination);
    byte[][] dests = new byte[destinations.size()][];
    int size = 10 * Long.BYTES + 3 * Integer.BYTES + 1 + 4 * ports.size();
    if (top != null) size += top.length;
    int i = 0;
    for (String d : destinations) {
      dests[i] = RunBytes.utf(d);
      size += dests[i++].length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putLong(bucketStart).putLong(newest).putLong(events).putLong(flows);
    b.putLong(rejectedFlows).putLong(packets).putLong(egressBytes).putLong(ingressBytes);
    b.putLong(miningPortFlows).putLong(topDestinationBytes);
    b.putInt(topDestinationPort);
    b.put((byte) (top == null ? 0 : 1));
    if (top != null) b.put(top);
    b.putInt(ports.size());
    for (int port : ports) b.putInt(port);
    b.putInt(dests.length);
    for (byte[] d : dests) b.put(d);
    return b.array();
  }

  public static FlowRun fromBytes(byte[] data) {
    try {
      ByteBuffer b = ByteBuffer.wrap(data);
      FlowRun r = new FlowRun(b.getLong());
      r.newest = b.getLong();
      r.events = b.getLong();
      r.flows = b.getLong();
      r.rejectedFlows = b.getLong();
      r.packets = b.getLong();
      r.egressBytes = b.getLong();
      r.ingressBytes = b.getLong();
      r.miningPortFlows = b.getLong();
      r.topDestinationBytes = b.getLong();
      r.topDestinationPort = b.getInt();
      if (b.get() != 0) r.topDestination = RunBytes.getUtf(b);
      for (int n = b.getInt(); n > 0; n--) r.ports.add(b.getInt());
      for (int n = b.getInt(); n > 0; n--) r.destinations.add(RunBytes.getUtf(b));
      return r;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("corrupt flow run", e);
    }
  }
}
