package io.vigil.models.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.vigil.models.event.FlowRecord;
import io.vigil.models.event.Invocation;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Runs are written with a ByteBuffer in a layout pinned here by {@code DataOutputStream} writers (a
 * run can sit in an unaligned checkpoint's in-flight data across an upgrade, so an earlier form
 * must still read).
 */
class RunBytesLayoutTest {
  @Test
  void anInvocationRunHasTheDataOutputStreamLayout() throws IOException {
    Random random = new Random(3);
    for (int n : new int[] {0, 1, 7, 300}) {
      InvocationRun run = run(random, n);
      assertThat(run.toBytes()).isEqualTo(reference(run));
      assertThat(InvocationRun.fromBytes(run.toBytes()).toBytes()).isEqualTo(run.toBytes());
    }
  }

  /**
   * A run in the form before the values travelled (its own duration and memory sketches) still
   * reads, gives the bucket its values give, and is written again in that form.
   */
  @Test
  void anInvocationRunInTheEarlierSketchFormStillReads() throws IOException {
    Random random = new Random(4);
    for (int n : new int[] {1, 7, 300}) {
      InvocationRun run = run(random, n);
      byte[] earlier = sketchFormReference(run);
      InvocationRun back = InvocationRun.fromBytes(earlier);
      assertThat(back.toBytes()).isEqualTo(earlier);

      BucketAccumulator fromValues = new BucketAccumulator("a/r/f", 120_000, 180_000);
      fromValues.add(InvocationRun.fromBytes(run.toBytes()));
      BucketAccumulator fromSketches = new BucketAccumulator("a/r/f", 120_000, 180_000);
      fromSketches.add(back);
      assertThat(fromSketches.toBucket())
          .usingRecursiveComparison()
          .isEqualTo(fromValues.toBucket());
    }
  }

  @Test
  void aCorruptValueCountIsRefused() {
    byte[] bytes = run(new Random(5), 3).toBytes();
    int countAt = 9 * Long.BYTES - Long.BYTES + 2 * Integer.BYTES + Integer.BYTES; // after -2
    java.nio.ByteBuffer.wrap(bytes).putInt(countAt, 1_000_000);
    assertThatThrownBy(() -> InvocationRun.fromBytes(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("corrupt invocation run");
  }

  private static InvocationRun run(Random random, int n) {
    InvocationRun run = new InvocationRun(120_000);
    for (int k = 0; k < n; k++) run.add(invocation(random, k), 120_000 + k, PriceTable.defaults());
    return run;
  }

  @Test
  void aFlowRunHasTheDataOutputStreamLayoutNonAsciiAndNullIncluded() throws IOException {
    FlowRun empty = new FlowRun(60_000);
    assertThat(empty.toBytes()).isEqualTo(reference(empty));
    FlowRun run = new FlowRun(60_000);
    String[] destinations = {"52.1.2.3", "2001:db8::1", "h\u00f6st-\u20ac", "nul\u0000l", null};
    for (int k = 0; k < 40; k++) {
      FlowRecord f = new FlowRecord();
      f.srcAddr = "10.0.0.1";
      f.dstAddr = destinations[k % destinations.length];
      f.dstPort = 443 + k % 3;
      f.flowDirection = "egress";
      f.logStatus = "OK";
      f.action = k % 4 == 0 ? "REJECT" : "ACCEPT";
      f.bytes = 100L * (k % 7);
      f.packets = k;
      run.add(f, 60_000 + k);
    }
    assertThat(run.topDestination).isNotNull();
    assertThat(run.toBytes()).isEqualTo(reference(run));
    FlowRun back = FlowRun.fromBytes(run.toBytes());
    assertThat(back.destinations).containsExactlyElementsOf(run.destinations);
    assertThat(back.topDestination).isEqualTo(run.topDestination);
    assertThat(back.ports).containsExactlyElementsOf(run.ports);
  }

  private static Invocation invocation(Random random, int k) {
    Invocation i = new Invocation();
    i.accountId = "111122223333";
    i.region = "us-east-1";
    i.architecture = "x86_64";
    i.functionName = "f";
    i.timestamp = k;
    i.durationMs = random.nextDouble() * 2_000;
    i.billedDurationMs = Math.ceil(i.durationMs);
    i.memorySizeMb = 256;
    i.maxMemoryUsedMb = random.nextInt(200);
    i.coldStart = random.nextInt(8) == 0;
    i.selfInvocation = random.nextInt(6) == 0;
    i.status = random.nextInt(5) == 0 ? "ERROR" : "SUCCESS";
    return i;
  }

  private static byte[] reference(InvocationRun r) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    counters(out, r);
    out.writeInt(-2);
    out.writeInt(r.durationCount);
    for (int k = 0; k < r.durationCount; k++) out.writeDouble(r.durationValues[k]);
    out.writeInt(r.memoryCount);
    for (int k = 0; k < r.memoryCount; k++) out.writeInt(r.memoryValues[k]);
    costs(out, r);
    return bytes.toByteArray();
  }

  /** The form before the values travelled: the run's sketches where the values are now. */
  private static byte[] sketchFormReference(InvocationRun r) throws IOException {
    DDSketch durations = r.durationCount == 0 ? null : BucketAccumulator.newSketch();
    for (int k = 0; k < r.durationCount; k++) durations.accept(r.durationValues[k]);
    DDSketch memory = r.memoryCount == 0 ? null : BucketAccumulator.newSketch();
    for (int k = 0; k < r.memoryCount; k++) memory.accept(r.memoryValues[k]);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    counters(out, r);
    BucketAccumulator.writeBytes(out, BucketAccumulator.encode(durations));
    BucketAccumulator.writeBytes(out, BucketAccumulator.encode(memory));
    costs(out, r);
    return bytes.toByteArray();
  }

  private static void counters(DataOutputStream out, InvocationRun r) throws IOException {
    out.writeLong(r.bucketStart);
    out.writeLong(r.newest);
    for (long l :
        new long[] {
          r.invocations, r.errors, r.timeouts, r.outOfMemory, r.throttles, r.coldStarts
        }) {
      out.writeLong(l);
    }
    out.writeInt(r.memorySizeMb);
    out.writeInt(r.maxMemoryUsedMb);
  }

  private static void costs(DataOutputStream out, InvocationRun r) throws IOException {
    for (int k = 0; k < r.invocations; k++) {
      out.writeDouble(r.gbSeconds[k]);
      out.writeDouble(r.costs[k]);
    }
    out.writeLong(r.selfInvocations);
  }

  private static byte[] reference(FlowRun r) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeLong(r.bucketStart);
    out.writeLong(r.newest);
    for (long l :
        new long[] {
          r.events,
          r.flows,
          r.rejectedFlows,
          r.packets,
          r.egressBytes,
          r.ingressBytes,
          r.miningPortFlows,
          r.topDestinationBytes
        }) {
      out.writeLong(l);
    }
    out.writeInt(r.topDestinationPort);
    out.writeBoolean(r.topDestination != null);
    if (r.topDestination != null) out.writeUTF(r.topDestination);
    out.writeInt(r.ports.size());
    for (int port : r.ports) out.writeInt(port);
    out.writeInt(r.destinations.size());
    for (String d : r.destinations) out.writeUTF(d);
    return bytes.toByteArray();
  }
}
