package io.vigil.models.profile;

import io.vigil.models.event.FlowRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes =
          new ByteArrayOutputStream(96 + 4 * ports.size() + 16 * destinations.size());
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeLong(bucketStart);
      out.writeLong(newest);
      for (long l :
          new long[] {
            events,
            flows,
            rejectedFlows,
            packets,
            egressBytes,
            ingressBytes,
            miningPortFlows,
            topDestinationBytes
          }) {
        out.writeLong(l);
      }
      out.writeInt(topDestinationPort);
      out.writeBoolean(topDestination != null);
      if (topDestination != null) out.writeUTF(topDestination);
      out.writeInt(ports.size());
      for (int port : ports) out.writeInt(port);
      out.writeInt(destinations.size());
      for (String d : destinations) out.writeUTF(d);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static FlowRun fromBytes(byte[] data) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      FlowRun r = new FlowRun(in.readLong());
      r.newest = in.readLong();
      r.events = in.readLong();
      r.flows = in.readLong();
      r.rejectedFlows = in.readLong();
      r.packets = in.readLong();
      r.egressBytes = in.readLong();
      r.ingressBytes = in.readLong();
      r.miningPortFlows = in.readLong();
      r.topDestinationBytes = in.readLong();
      r.topDestinationPort = in.readInt();
      if (in.readBoolean()) r.topDestination = in.readUTF();
      for (int n = in.readInt(); n > 0; n--) r.ports.add(in.readInt());
      for (int n = in.readInt(); n > 0; n--) r.destinations.add(in.readUTF());
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt flow run", e);
    }
  }
}
