package io.vigil.operators.detect;

import io.vigil.models.detect.DecayedRate;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.LogElasticity;
import io.vigil.models.detect.LogShift;
import io.vigil.models.detect.SeasonalRate;
import io.vigil.models.detect.series.NoveltyState;
import io.vigil.models.detect.series.SeriesNovelty;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Form 4 of {@link FunctionBaseline}'s bytes (form 3 without the trailing buckets waiting to be
 * learnt by the three log baselines, form 1 without the egress elasticity before those), field by
 * field in declaration order, no reflection. Nested objects carry a presence byte and arrays their
 * length + 1 as a varint (0 = null), so null nested objects and arrays round-trip exactly (as they
 * do through Flink's POJO serializer). A field added to any of these classes must be written and
 * read here (in a new form: {@link FunctionBaselineSerializer#FORM}); {@code
 * FunctionBaselineSerializerTest} fails until it is.
 */
final class FunctionBaselineCodec {
  private FunctionBaselineCodec() {}

  static void write(FunctionBaseline b, DataOutputView out) throws IOException {
    out.writeLong(b.buckets);
    out.writeLong(b.lastBucketStart);
    write(b.invocationRate, out);
    out.writeFloat(b.dispersion);
    out.writeFloat(b.volumeCusum);
    out.writeBoolean(b.loopSeen);
    writeInts(b.recentCounts, out);
    out.writeLong(b.volumeOnset);
    out.writeFloat(b.selfEvents);
    out.writeFloat(b.selfTrials);
    write(b.errorRate, out);
    write(b.timeoutRate, out);
    out.writeFloat(b.errorCusum);
    out.writeFloat(b.timeoutCusum);
    out.writeInt(b.timeoutMs);
    writeFloats(b.errorLadder, out);
    writeFloats(b.timeoutLadder, out);
    write(b.logDuration, out);
    out.writeFloat(b.durationCusum);
    writeFloats(b.durationLadder, out);
    write(b.logCostPerInvocation, out);
    out.writeFloat(b.costCusum);
    writeFloats(b.costLadder, out);
    write(b.logEgressPerInvocation, out);
    out.writeFloat(b.egressCusum);
    writeFloats(b.egressLadder, out);
    write(b.egressBuckets, out);
    out.writeFloat(b.egressOnsetCusum);
    write(b.rejectRate, out);
    write(b.portsPerBucket, out);
    out.writeFloat(b.rejectDispersion);
    out.writeFloat(b.portDispersion);
    out.writeFloat(b.scanCusum);
    write(b.miningFlowsPerBucket, out);
    out.writeFloat(b.miningCusum);
    out.writeInt(b.rightsizeMemoryMb);
    out.writeInt(b.rightsizeBuckets);
    out.writeLong(b.rightsizeSince);
    out.writeLong(b.rightsizeInvocations);
    out.writeFloat(b.memoryPeakMb);
    out.writeDouble(b.rightsizeGbSeconds);
    out.writeInt(b.recommendedMemoryMb);
    out.writeInt(b.timeoutAdviceForMs);
    out.writeLong(b.timeoutSince);
    out.writeLong(b.timeoutWindowInvocations);
    out.writeLong(b.timeoutWindowTimeouts);
    out.writeFloat(b.durationPeakMs);
    out.writeInt(b.recommendedTimeoutS);
    write(b.seriesNovelty, out);
    write(b.egressElasticity, out); // from form 3
    writeWaiting(b.logDuration, out); // from form 4
    writeWaiting(b.logCostPerInvocation, out);
    writeWaiting(b.logEgressPerInvocation, out);
  }

  /**
   * Reads into a blank instance: every field is set, the constructor's defaults are overwritten.
   */
  static FunctionBaseline read(DataInputView in, int form) throws IOException {
    FunctionBaseline b = new FunctionBaseline();
    b.buckets = in.readLong();
    b.lastBucketStart = in.readLong();
    b.invocationRate = readSeasonalRate(in);
    b.dispersion = in.readFloat();
    b.volumeCusum = in.readFloat();
    b.loopSeen = in.readBoolean();
    b.recentCounts = readInts(in);
    b.volumeOnset = in.readLong();
    b.selfEvents = in.readFloat();
    b.selfTrials = in.readFloat();
    b.errorRate = readDecayedRate(in);
    b.timeoutRate = readDecayedRate(in);
    b.errorCusum = in.readFloat();
    b.timeoutCusum = in.readFloat();
    b.timeoutMs = in.readInt();
    b.errorLadder = readFloats(in);
    b.timeoutLadder = readFloats(in);
    b.logDuration = readLogShift(in);
    b.durationCusum = in.readFloat();
    b.durationLadder = readFloats(in);
    b.logCostPerInvocation = readLogShift(in);
    b.costCusum = in.readFloat();
    b.costLadder = readFloats(in);
    b.logEgressPerInvocation = readLogShift(in);
    b.egressCusum = in.readFloat();
    b.egressLadder = readFloats(in);
    b.egressBuckets = readDecayedRate(in);
    b.egressOnsetCusum = in.readFloat();
    b.rejectRate = readSeasonalRate(in);
    b.portsPerBucket = readDecayedRate(in);
    b.rejectDispersion = in.readFloat();
    b.portDispersion = in.readFloat();
    b.scanCusum = in.readFloat();
    b.miningFlowsPerBucket = readDecayedRate(in);
    b.miningCusum = in.readFloat();
    b.rightsizeMemoryMb = in.readInt();
    b.rightsizeBuckets = in.readInt();
    b.rightsizeSince = in.readLong();
    b.rightsizeInvocations = in.readLong();
    b.memoryPeakMb = in.readFloat();
    b.rightsizeGbSeconds = in.readDouble();
    b.recommendedMemoryMb = in.readInt();
    b.timeoutAdviceForMs = in.readInt();
    b.timeoutSince = in.readLong();
    b.timeoutWindowInvocations = in.readLong();
    b.timeoutWindowTimeouts = in.readLong();
    b.durationPeakMs = in.readFloat();
    b.recommendedTimeoutS = in.readInt();
    b.seriesNovelty = readSeriesNovelty(in);
    // Form 1 had no elasticity: the constructor's (none learnt, bytes per invocation) stays.
    if (form >= 3) b.egressElasticity = readLogElasticity(in);
    // Before form 4 no bucket waited to be learnt: the constructor's empty rings stay.
    if (form >= 4) {
      readWaiting(b.logDuration, in);
      readWaiting(b.logCostPerInvocation, in);
      readWaiting(b.logEgressPerInvocation, in);
    }
    return b;
  }

  // ---- nested classes: a presence byte, then their fields in declaration order

  private static void write(SeasonalRate r, DataOutputView out) throws IOException {
    out.writeBoolean(r != null);
    if (r == null) return;
    writeFloats(r.slotLevel, out);
    writeBytes(r.slotSeen, out);
    out.writeFloat(r.recent);
    out.writeInt(r.n);
  }

  private static SeasonalRate readSeasonalRate(DataInputView in) throws IOException {
    if (!in.readBoolean()) return null;
    SeasonalRate r = new SeasonalRate();
    r.slotLevel = readFloats(in);
    r.slotSeen = readBytes(in);
    r.recent = in.readFloat();
    r.n = in.readInt();
    return r;
  }

  private static void write(DecayedRate r, DataOutputView out) throws IOException {
    out.writeBoolean(r != null);
    if (r == null) return;
    out.writeFloat(r.events);
    out.writeFloat(r.trials);
  }

  private static DecayedRate readDecayedRate(DataInputView in) throws IOException {
    if (!in.readBoolean()) return null;
    DecayedRate r = new DecayedRate();
    r.events = in.readFloat();
    r.trials = in.readFloat();
    return r;
  }

  private static void write(LogShift s, DataOutputView out) throws IOException {
    out.writeBoolean(s != null);
    if (s == null) return;
    out.writeFloat(s.mean);
    out.writeFloat(s.var);
    out.writeFloat(s.weight);
    out.writeFloat(s.bucketVar);
    out.writeFloat(s.meanWeight);
    out.writeInt(s.buckets);
  }

  private static LogShift readLogShift(DataInputView in) throws IOException {
    if (!in.readBoolean()) return null;
    LogShift s = new LogShift();
    s.mean = in.readFloat();
    s.var = in.readFloat();
    s.weight = in.readFloat();
    s.bucketVar = in.readFloat();
    s.meanWeight = in.readFloat();
    s.buckets = in.readInt();
    return s;
  }

  /** A log baseline's buckets waiting to be learnt (nothing for an absent baseline). */
  private static void writeWaiting(LogShift s, DataOutputView out) throws IOException {
    if (s == null) return;
    writeFloats(s.pending, out);
    out.writeInt(s.waiting);
  }

  private static void readWaiting(LogShift s, DataInputView in) throws IOException {
    if (s == null) return;
    s.pending = readFloats(in);
    s.waiting = in.readInt();
  }

  private static void write(LogElasticity e, DataOutputView out) throws IOException {
    out.writeBoolean(e != null);
    if (e == null) return;
    out.writeFloat(e.weight);
    out.writeFloat(e.meanU);
    out.writeFloat(e.meanY);
    out.writeFloat(e.sUU);
    out.writeFloat(e.sUY);
  }

  private static LogElasticity readLogElasticity(DataInputView in) throws IOException {
    if (!in.readBoolean()) return null;
    LogElasticity e = new LogElasticity();
    e.weight = in.readFloat();
    e.meanU = in.readFloat();
    e.meanY = in.readFloat();
    e.sUU = in.readFloat();
    e.sUY = in.readFloat();
    return e;
  }

  private static void write(SeriesNovelty s, DataOutputView out) throws IOException {
    out.writeBoolean(s != null);
    if (s == null) return;
    write(s.invocations, out);
    write(s.duration, out);
  }

  private static SeriesNovelty readSeriesNovelty(DataInputView in) throws IOException {
    if (!in.readBoolean()) return null;
    SeriesNovelty s = new SeriesNovelty();
    s.invocations = readNoveltyState(in);
    s.duration = readNoveltyState(in);
    return s;
  }

  private static void write(NoveltyState s, DataOutputView out) throws IOException {
    out.writeBoolean(s != null);
    if (s == null) return;
    writeBytes(s.prototypeLevels, out);
    writeBytes(s.hits, out);
    writeBytes(s.useRank, out);
    writeBytes(s.recentLevels, out);
    out.writeInt(s.blocks);
    out.writeInt(s.blockFill);
    out.writeFloat(s.blockSum);
    out.writeFloat(s.blockMin);
    out.writeFloat(s.blockMax);
    out.writeFloat(s.level);
    out.writeFloat(s.lo);
    out.writeFloat(s.hi);
    out.writeInt(s.lastNovelBlock);
    out.writeInt(s.lastAlarmBlock);
    out.writeFloat(s.lastAlarmDistance);
  }

  private static NoveltyState readNoveltyState(DataInputView in) throws IOException {
    if (!in.readBoolean()) return null;
    NoveltyState s = new NoveltyState();
    s.prototypeLevels = readBytes(in);
    s.hits = readBytes(in);
    s.useRank = readBytes(in);
    s.recentLevels = readBytes(in);
    s.blocks = in.readInt();
    s.blockFill = in.readInt();
    s.blockSum = in.readFloat();
    s.blockMin = in.readFloat();
    s.blockMax = in.readFloat();
    s.level = in.readFloat();
    s.lo = in.readFloat();
    s.hi = in.readFloat();
    s.lastNovelBlock = in.readInt();
    s.lastAlarmBlock = in.readInt();
    s.lastAlarmDistance = in.readFloat();
    return s;
  }

  // ---- arrays: length + 1 as a varint (0 = null), then the elements

  private static void writeLength(Object array, int length, DataOutputView out) throws IOException {
    int v = array == null ? 0 : length + 1;
    while ((v & ~0x7F) != 0) {
      out.writeByte((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.writeByte(v);
  }

  /** The array's length, or -1 for null. */
  private static int readLength(DataInputView in) throws IOException {
    int v = 0;
    for (int shift = 0; ; shift += 7) {
      if (shift > 28) throw new IOException("FunctionBaseline: array length varint too long");
      int b = in.readUnsignedByte();
      v |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) break;
    }
    return v - 1;
  }

  private static void writeFloats(float[] a, DataOutputView out) throws IOException {
    writeLength(a, a == null ? 0 : a.length, out);
    if (a == null) return;
    for (float v : a) out.writeFloat(v);
  }

  private static float[] readFloats(DataInputView in) throws IOException {
    int n = readLength(in);
    if (n < 0) return null;
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = in.readFloat();
    return a;
  }

  private static void writeInts(int[] a, DataOutputView out) throws IOException {
    writeLength(a, a == null ? 0 : a.length, out);
    if (a == null) return;
    for (int v : a) out.writeInt(v);
  }

  private static int[] readInts(DataInputView in) throws IOException {
    int n = readLength(in);
    if (n < 0) return null;
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = in.readInt();
    return a;
  }

  private static void writeBytes(byte[] a, DataOutputView out) throws IOException {
    writeLength(a, a == null ? 0 : a.length, out);
    if (a != null) out.write(a);
  }

  private static byte[] readBytes(DataInputView in) throws IOException {
    int n = readLength(in);
    if (n < 0) return null;
    byte[] a = new byte[n];
    in.readFully(a);
    return a;
  }
}
