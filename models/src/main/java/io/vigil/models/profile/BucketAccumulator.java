package io.vigil.models.profile;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import io.vigil.models.event.BillingLine;
import io.vigil.models.event.FlowRecord;
import io.vigil.models.event.FunctionKeys;
import io.vigil.models.event.Invocation;
import io.vigil.models.finding.MetricBucket;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

/**
 * Accumulates one event-time bucket of one function: counters, DDSketch quantiles of duration and
 * memory used, HyperLogLog distinct destinations and ports. Holds live sketches (cheap to update)
 * and serialises them compactly for Flink state via {@link #writeTo}/{@link #readFrom}.
 */
public final class BucketAccumulator extends InvocationCounts {
  static final double RELATIVE_ACCURACY = 0.02;

  /** Lambda's duration range: reports have 0.01 ms resolution; the longest timeout is 15 min. */
  static final double MIN_DURATION_MS = 0.01;

  static final double MAX_DURATION_MS = 900_000;

  /**
   * Enough bins for the whole duration range, so the sketch never collapses. With fewer (it was
   * 256, a 27,000x range), one timed-out invocation at a long timeout collapsed every ordinary
   * duration of its bucket into the lowest kept bin: a 15-minute timeout among 19 ms invocations
   * read as a 33 ms median and p95 (a false duration regression). ~460 bins; a dense store only
   * allocates and encodes the span actually seen.
   */
  static final int MAX_SKETCH_BINS = binsToCover(MIN_DURATION_MS, MAX_DURATION_MS);

  static final int HLL_LG_K = 8;

  public String functionKey;
  public long bucketStart;
  public long bucketEnd;

  public double gbSeconds;
  public double estimatedCostUsd;
  public double billedCostUsd;
  public long flows;
  public long rejectedFlows;
  public long egressBytes;
  public long ingressBytes;
  public long packets;
  public long miningPortFlows;
  public long newDestinations;
  public long lateEvents;
  public String topDestination;
  public long topDestinationBytes;
  public int topDestinationPort;

  private HllSketch destinations;
  private HllSketch ports;

  public BucketAccumulator(String functionKey, long bucketStart, long bucketEnd) {
    this.functionKey = functionKey;
    this.bucketStart = bucketStart;
    this.bucketEnd = bucketEnd;
  }

  static int binsToCover(double min, double max) {
    double gamma = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    return (int) Math.ceil(Math.log(max / min) / Math.log(gamma)) + 2;
  }

  static DDSketch newSketch() {
    return DDSketches.logarithmicCollapsingLowestDense(RELATIVE_ACCURACY, MAX_SKETCH_BINS);
  }

  private static HllSketch newHll() {
    return new HllSketch(HLL_LG_K, TgtHllType.HLL_4);
  }

  public void add(Invocation i, PriceTable prices) {
    if (!count(i)) return;
    gbSeconds += PriceTable.gbSeconds(i);
    estimatedCostUsd += prices.cost(i);
  }

  @Override
  void duration(double clampedMs) {
    if (durations == null) durations = newSketch();
    durations.accept(clampedMs);
  }

  @Override
  void memory(int usedMb) {
    if (memoryUsed == null) memoryUsed = newSketch();
    memoryUsed.accept(usedMb);
  }

  static double clampDuration(double durationMs) {
    return Math.max(MIN_DURATION_MS, Math.min(durationMs, MAX_DURATION_MS));
  }

  /**
   * Adds a run of invocations folded before the shuffle: the same result as adding each of them in
   * order (see {@link InvocationRun}).
   */
  public void add(InvocationRun r) {
    invocations += r.invocations;
    errors += r.errors;
    timeouts += r.timeouts;
    outOfMemory += r.outOfMemory;
    throttles += r.throttles;
    coldStarts += r.coldStarts;
    selfInvocations += r.selfInvocations;
    if (r.memorySizeMb > 0) memorySizeMb = r.memorySizeMb;
    maxMemoryUsedMb = Math.max(maxMemoryUsedMb, r.maxMemoryUsedMb);
    if (r.durations != null) {
      if (durations == null) durations = newSketch();
      durations.mergeWith(r.durations);
    }
    if (r.memoryUsed != null) {
      if (memoryUsed == null) memoryUsed = newSketch();
      memoryUsed.mergeWith(r.memoryUsed);
    }
    for (int k = 0; k < r.durationCount; k++) duration(r.durationValues[k]);
    for (int k = 0; k < r.memoryCount; k++) memory(r.memoryValues[k]);
    for (int k = 0; k < r.invocations; k++) {
      gbSeconds += r.gbSeconds[k];
      estimatedCostUsd += r.costs[k];
    }
  }

  /**
   * Adds a flow. {@code knownDestinations} is the function's long-lived set; a destination absent
   * from it counts as new (and is added).
   */
  public void add(FlowRecord f, BloomSet knownDestinations) {
    if (!f.hasTraffic()) return;
    flows++;
    packets += Math.max(f.packets, 0);
    if (f.rejected()) {
      rejectedFlows++;
      if (f.dstPort >= 0) ports().update(f.dstPort);
    }
    if (NetworkRules.isEgress(f)) {
      egressBytes += f.bytes;
      if (f.dstAddr != null) {
        destinations().update(f.dstAddr);
        if (knownDestinations != null && knownDestinations.add(f.dstAddr)) newDestinations++;
      }
      if (f.dstPort >= 0 && !f.rejected()) ports().update(f.dstPort);
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

  /**
   * Adds a run of flows folded before the shuffle: the same result as adding each of them in order
   * (see {@link FlowRun}).
   */
  public void add(FlowRun r, BloomSet knownDestinations) {
    flows += r.flows;
    rejectedFlows += r.rejectedFlows;
    packets += r.packets;
    egressBytes += r.egressBytes;
    ingressBytes += r.ingressBytes;
    miningPortFlows += r.miningPortFlows;
    for (int port : r.ports) ports().update(port);
    for (String d : r.destinations) {
      destinations().update(d);
      if (knownDestinations != null && knownDestinations.add(d)) newDestinations++;
    }
    if (r.topDestinationBytes > topDestinationBytes) {
      topDestinationBytes = r.topDestinationBytes;
      topDestination = r.topDestination;
      topDestinationPort = r.topDestinationPort;
    }
  }

  public void add(BillingLine b) {
    billedCostUsd += b.cost;
  }

  private HllSketch destinations() {
    if (destinations == null) destinations = newHll();
    return destinations;
  }

  private HllSketch ports() {
    if (ports == null) ports = newHll();
    return ports;
  }

  public boolean isEmpty() {
    return invocations == 0 && flows == 0 && billedCostUsd == 0 && throttles == 0;
  }

  public MetricBucket toBucket() {
    MetricBucket m = new MetricBucket();
    m.id = MetricBucket.idFor(functionKey, bucketStart);
    m.functionKey = functionKey;
    m.accountId = FunctionKeys.account(functionKey);
    m.region = FunctionKeys.region(functionKey);
    m.functionName = FunctionKeys.function(functionKey);
    m.bucketStart = bucketStart;
    m.bucketEnd = bucketEnd;
    m.invocations = invocations;
    m.errors = errors;
    m.timeouts = timeouts;
    m.outOfMemory = outOfMemory;
    m.throttles = throttles;
    m.coldStarts = coldStarts;
    m.selfInvocations = selfInvocations;
    if (durations != null && !durations.isEmpty()) {
      double[] q = SketchQuantiles.of(durations, 0.5, 0.95, 0.99);
      m.durationP50Ms = q[0];
      m.durationP95Ms = q[1];
      m.durationP99Ms = q[2];
      m.durationMaxMs = durations.getMaxValue();
      m.durationGeoMeanMs = geometricMean(durations, invocations - timeouts);
    }
    if (memoryUsed != null && !memoryUsed.isEmpty()) {
      m.memoryUsedP99Mb = memoryUsed.getValueAtQuantile(0.99);
    }
    m.memorySizeMb = memorySizeMb;
    m.maxMemoryUsedMb = maxMemoryUsedMb;
    m.gbSeconds = gbSeconds;
    m.estimatedCostUsd = estimatedCostUsd;
    m.billedCostUsd = billedCostUsd;
    m.flows = flows;
    m.rejectedFlows = rejectedFlows;
    m.egressBytes = egressBytes;
    m.ingressBytes = ingressBytes;
    m.packets = packets;
    m.distinctDestinations = destinations == null ? 0 : Math.round(destinations.getEstimate());
    m.distinctDestinationPorts = ports == null ? 0 : Math.round(ports.getEstimate());
    m.miningPortFlows = miningPortFlows;
    m.newDestinations = newDestinations;
    m.topDestination = topDestination;
    m.topDestinationBytes = topDestinationBytes;
    m.topDestinationPort = topDestinationPort;
    return m;
  }

  /**
   * Geometric mean of the sketch's {@code keep} smallest values (each bin at its representative
   * value); 0 when {@code keep <= 0}. The longest values left out are the timed-out invocations,
   * whose durations are the timeout, not the code's.
   */
  static double geometricMean(DDSketch sketch, long keep) {
    var mapping = sketch.getIndexMapping();
    double logSum = 0, taken = 0;
    for (var it = sketch.getPositiveValueStore().getAscendingIterator(); it.hasNext(); ) {
      Bin bin = it.next();
      double take = Math.min(bin.getCount(), keep - taken);
      if (take <= 0) break;
      logSum += take * Math.log(mapping.value(bin.getIndex()));
      taken += take;
    }
    return taken > 0 ? Math.exp(logSum / taken) : 0;
  }

  // ---- compact binary form for Flink state ----

  /**
   * The stored form is versioned inside its bytes (the Flink serializer and its snapshot stay as
   * they were): form 1, written before issue 10's fifth round, began with the function key's UTF
   * length; later forms begin with {@link #FORM_MARK}, a length no function key has (keys are a few
   * hundred bytes at most), then the form number. Form 2 adds {@code selfInvocations} at the end.
   */
  static final int FORM_MARK = 0xFFFF;

  static final int FORM = 2;

  public void writeTo(DataOutput out) throws IOException {
    out.writeShort(FORM_MARK);
    out.writeByte(FORM);
    out.writeUTF(functionKey);
    out.writeLong(bucketStart);
    out.writeLong(bucketEnd);
    long[] longs = {
      invocations,
      errors,
      timeouts,
      outOfMemory,
      throttles,
      coldStarts,
      flows,
      rejectedFlows,
      egressBytes,
      ingressBytes,
      packets,
      miningPortFlows,
      newDestinations,
      lateEvents,
      topDestinationBytes
    };
    for (long l : longs) out.writeLong(l);
    out.writeInt(memorySizeMb);
    out.writeInt(maxMemoryUsedMb);
    out.writeInt(topDestinationPort);
    out.writeDouble(gbSeconds);
    out.writeDouble(estimatedCostUsd);
    out.writeDouble(billedCostUsd);
    out.writeBoolean(topDestination != null);
    if (topDestination != null) out.writeUTF(topDestination);
    writeBytes(out, encode(durations));
    writeBytes(out, encode(memoryUsed));
    writeBytes(out, destinations == null ? null : destinations.toCompactByteArray());
    writeBytes(out, ports == null ? null : ports.toCompactByteArray());
    out.writeLong(selfInvocations); // form 2
  }

  public static BucketAccumulator readFrom(DataInput in) throws IOException {
    int first = in.readUnsignedShort();
    int form = 1;
    String key;
    if (first == FORM_MARK) {
      form = in.readUnsignedByte();
      if (form < 2 || form > FORM) throw new IOException("unknown bucket accumulator form " + form);
      key = in.readUTF();
    } else {
      key = readUtfBody(in, first);
    }
    BucketAccumulator a = new BucketAccumulator(key, in.readLong(), in.readLong());
    a.invocations = in.readLong();
    a.errors = in.readLong();
    a.timeouts = in.readLong();
    a.outOfMemory = in.readLong();
    a.throttles = in.readLong();
    a.coldStarts = in.readLong();
    a.flows = in.readLong();
    a.rejectedFlows = in.readLong();
    a.egressBytes = in.readLong();
    a.ingressBytes = in.readLong();
    a.packets = in.readLong();
    a.miningPortFlows = in.readLong();
    a.newDestinations = in.readLong();
    a.lateEvents = in.readLong();
    a.topDestinationBytes = in.readLong();
    a.memorySizeMb = in.readInt();
    a.maxMemoryUsedMb = in.readInt();
    a.topDestinationPort = in.readInt();
    a.gbSeconds = in.readDouble();
    a.estimatedCostUsd = in.readDouble();
    a.billedCostUsd = in.readDouble();
    if (in.readBoolean()) a.topDestination = in.readUTF();
    a.durations = readSketch(readBytes(in));
    a.memoryUsed = readSketch(readBytes(in));
    byte[] d = readBytes(in);
    a.destinations = d == null ? null : HllSketch.heapify(d);
    byte[] p = readBytes(in);
    a.ports = p == null ? null : HllSketch.heapify(p);
    if (form >= 2) a.selfInvocations = in.readLong();
    return a;
  }

  /** The rest of a {@code writeUTF} string whose length prefix was already read. */
  private static String readUtfBody(DataInput in, int length) throws IOException {
    byte[] body = new byte[length];
    in.readFully(body);
    return RunBytes.utfBody(body);
  }

  static DDSketch readSketch(byte[] bytes) throws IOException {
    if (bytes == null) return null;
    return DDSketch.decode(
        ByteArrayInput.wrap(bytes),
        () -> new CollapsingLowestDenseStore(MAX_SKETCH_BINS),
        new LogarithmicMapping(RELATIVE_ACCURACY));
  }

  static byte[] encode(DDSketch sketch) throws IOException {
    if (sketch == null) return null;
    GrowingByteArrayOutput out = GrowingByteArrayOutput.withInitialCapacity(64);
    sketch.encode(out, false);
    return out.trimmedCopy();
  }

  static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
    if (bytes == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  static byte[] readBytes(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) return null;
    byte[] bytes = new byte[n];
    in.readFully(bytes);
    return bytes;
  }
}
