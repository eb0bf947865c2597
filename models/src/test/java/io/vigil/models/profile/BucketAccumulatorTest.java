package io.vigil.models.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.models.event.BillingLine;
import io.vigil.models.event.FlowRecord;
import io.vigil.models.event.Invocation;
import io.vigil.models.event.InvocationStatus;
import io.vigil.models.finding.MetricBucket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BucketAccumulatorTest {
  private final PriceTable prices = PriceTable.defaults();

  static Invocation invocation(double durationMs, int memory, int used, InvocationStatus status) {
    Invocation i = new Invocation();
    i.accountId = "111122223333";
    i.region = "us-east-1";
    i.functionName = "f";
    i.durationMs = durationMs;
    i.billedDurationMs = Math.ceil(durationMs);
    i.memorySizeMb = memory;
    i.maxMemoryUsedMb = used;
    i.status = status.name();
    return i;
  }

  static FlowRecord flow(String src, String dst, int dstPort, long bytes, String action) {
    FlowRecord f = new FlowRecord();
    f.version = 2;
    f.accountId = "111122223333";
    f.interfaceId = "eni-1";
    f.srcAddr = src;
    f.dstAddr = dst;
    f.srcPort = 40000;
    f.dstPort = dstPort;
    f.protocol = 6;
    f.packets = 10;
    f.bytes = bytes;
    f.action = action;
    f.logStatus = "OK";
    return f;
  }

  @Test
  void countsInvocationsQuantilesAndCost() {
    BucketAccumulator acc = new BucketAccumulator("a/r/f", 0, 60_000);
    for (int d = 1; d <= 100; d++)
      acc.add(invocation(d * 10, 1024, 100 + d, InvocationStatus.SUCCESS), prices);
    Invocation cold = invocation(500, 1024, 150, InvocationStatus.ERROR);
    cold.coldStart = true;
    acc.add(cold, prices);
    acc.add(invocation(3000, 1024, 150, InvocationStatus.TIMEOUT), prices);
    acc.add(invocation(100, 1024, 1024, InvocationStatus.OUT_OF_MEMORY), prices);
    acc.add(invocation(0, 1024, 0, InvocationStatus.THROTTLED), prices);

    MetricBucket b = acc.toBucket();
    assertThat(b.invocations).isEqualTo(103);
    assertThat(b.errors).isEqualTo(2); // one error + one out-of-memory
    assertThat(b.outOfMemory).isEqualTo(1);
    assertThat(b.timeouts).isEqualTo(1);
    assertThat(b.throttles).isEqualTo(1);
    assertThat(b.coldStarts).isEqualTo(1);
    assertThat(b.durationP50Ms).isCloseTo(500, within(500 * 0.05));
    assertThat(b.durationP99Ms).isGreaterThan(990 * 0.95);
    assertThat(b.durationMaxMs).isCloseTo(3000, within(3000 * 0.03));
    assertThat(b.maxMemoryUsedMb).isEqualTo(1024);
    double expectedGbS = 0;
    for (int d = 1; d <= 100; d++) expectedGbS += d * 10 / 1000.0;
    expectedGbS += 0.5 + 3.0 + 0.1;
    assertThat(b.gbSeconds).isCloseTo(expectedGbS, within(1e-9));
    assertThat(b.estimatedCostUsd)
        .isCloseTo(expectedGbS * 0.0000166667 + 103 * 0.0000002, within(1e-12));
  }

  @Test
  void oneLongTimeoutDoesNotCollapseTheOrdinaryDurations() {
    // 19 invocations of 15-24 ms and one that timed out at 900 s (a 60,000x range): the median and
    // p95 must still be those of the ordinary invocations, not a collapsed lowest bin.
    BucketAccumulator acc = new BucketAccumulator("k", 0, 60_000);
    for (int i = 0; i < 19; i++) {
      acc.add(invocation(15 + i * 0.5, 256, 60, InvocationStatus.SUCCESS), prices);
    }
    acc.add(invocation(900_000, 256, 60, InvocationStatus.TIMEOUT), prices);
    MetricBucket b = roundTrip(acc).toBucket();
    assertThat(b.durationP50Ms).isCloseTo(19.5, within(19.5 * 0.05));
    assertThat(b.durationP95Ms).isLessThan(25);
    assertThat(b.durationMaxMs).isCloseTo(900_000, within(900_000 * 0.03));
  }

  @Test
  void geometricMeanIsPerInvocationAndLeavesTheTimedOutOnesOut() {
    // 10, 20, 40, 80 ms: geometric mean 28.3 ms; a 900 s timeout must not enter it.
    BucketAccumulator acc = new BucketAccumulator("k", 0, 60_000);
    for (double d : new double[] {10, 20, 40, 80}) {
      acc.add(invocation(d, 256, 60, InvocationStatus.SUCCESS), prices);
    }
    acc.add(invocation(900_000, 256, 60, InvocationStatus.TIMEOUT), prices);
    MetricBucket b = roundTrip(acc).toBucket();
    assertThat(b.durationGeoMeanMs).isCloseTo(Math.sqrt(800), within(Math.sqrt(800) * 0.02));

    BucketAccumulator onlyTimeouts = new BucketAccumulator("k", 0, 60_000);
    onlyTimeouts.add(invocation(900_000, 256, 60, InvocationStatus.TIMEOUT), prices);
    assertThat(onlyTimeouts.toBucket().durationGeoMeanMs).isZero(); // nothing to say
    assertThat(new BucketAccumulator("k", 0, 60_000).toBucket().durationGeoMeanMs).isZero();
  }

  @Test
  void sketchCoversLambdasWholeDurationRange() {
    BucketAccumulator acc = new BucketAccumulator("k", 0, 60_000);
    acc.add(invocation(0.01, 128, 60, InvocationStatus.SUCCESS), prices);
    acc.add(invocation(0.02, 128, 60, InvocationStatus.SUCCESS), prices);
    acc.add(invocation(900_000, 128, 60, InvocationStatus.TIMEOUT), prices);
    assertThat(roundTrip(acc).toBucket().durationP50Ms).isCloseTo(0.02, within(0.02 * 0.05));
  }

  static BucketAccumulator roundTrip(BucketAccumulator acc) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      acc.writeTo(new DataOutputStream(bytes));
      return BucketAccumulator.readFrom(
          new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void countsEgressDestinationsPortsAndMining() {
    BucketAccumulator acc = new BucketAccumulator("a/r/f", 0, 60_000);
    BloomSet known = new BloomSet();
    known.add("203.0.113.1");
    acc.add(flow("10.0.0.5", "203.0.113.1", 443, 1000, "ACCEPT"), known);
    acc.add(flow("10.0.0.5", "198.51.100.9", 3333, 50_000, "ACCEPT"), known);
    acc.add(flow("203.0.113.1", "10.0.0.5", 40000, 700, "ACCEPT"), known); // reply: ingress
    for (int p = 1; p <= 30; p++) acc.add(flow("192.0.2.77", "10.0.0.5", p, 40, "REJECT"), known);
    FlowRecord nodata = flow("10.0.0.5", "203.0.113.1", 443, -1, null);
    nodata.logStatus = "NODATA";
    acc.add(nodata, known);

    MetricBucket b = acc.toBucket();
    assertThat(b.flows).isEqualTo(33);
    assertThat(b.egressBytes).isEqualTo(51_000);
    assertThat(b.ingressBytes).isEqualTo(700 + 30 * 40);
    assertThat(b.rejectedFlows).isEqualTo(30);
    assertThat(b.miningPortFlows).isEqualTo(1);
    assertThat(b.newDestinations).isEqualTo(1);
    assertThat(b.distinctDestinations).isEqualTo(2);
    assertThat(b.distinctDestinationPorts).isBetween(30L, 34L);
    assertThat(b.topDestination).isEqualTo("198.51.100.9");
    assertThat(b.topDestinationPort).isEqualTo(3333);
  }

  @Test
  void binaryFormRoundTripsAndStaysSmall() throws IOException {
    BucketAccumulator acc =
        new BucketAccumulator("111122223333/us-east-1/checkout-api", 60_000, 120_000);
    for (int d = 1; d <= 500; d++)
      acc.add(invocation(50 + (d % 40), 512, 90 + d % 7, InvocationStatus.SUCCESS), prices);
    BloomSet known = new BloomSet();
    for (int i = 0; i < 20; i++)
      acc.add(flow("10.0.0.5", "203.0.113." + i, 443, 1000, "ACCEPT"), known);
    BillingLine bill = new BillingLine();
    bill.cost = 0.25;
    acc.add(bill);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    acc.writeTo(new DataOutputStream(bytes));
    BucketAccumulator copy =
        BucketAccumulator.readFrom(
            new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

    MetricBucket a = acc.toBucket();
    MetricBucket b = copy.toBucket();
    assertThat(b).usingRecursiveComparison().isEqualTo(a);
    assertThat(b.billedCostUsd).isEqualTo(0.25);
    // The per-function state budget is ~2 KB; one open bucket must stay well inside it.
    assertThat(bytes.size()).isLessThan(1024);
  }

  @Test
  void selfInvocationsAreCountedAndKeptInTheStoredForm() {
    BucketAccumulator acc = new BucketAccumulator("111122223333/us-east-1/f", 0, 60_000);
    for (int k = 0; k < 5; k++) {
      Invocation i = invocation(20, 512, 90, InvocationStatus.SUCCESS);
      i.selfInvocation = k < 3;
      acc.add(i, prices);
    }
    assertThat(acc.toBucket().selfInvocations).isEqualTo(3);
    assertThat(roundTrip(acc).toBucket().selfInvocations).isEqualTo(3);
  }

  @Test
  void theFormWrittenBeforeSelfInvocationsRestores() throws Exception {
    // Written by the accumulator of the fourth round of issue 10 (form 1, no form mark): four
    // invocations (one error, one 900 s timeout, one cold start) and one egress flow.
    byte[] old;
    try (var in = getClass().getResourceAsStream("/state/bucket-accumulator-v1.bin")) {
      old = in.readAllBytes();
    }
    BucketAccumulator restored =
        BucketAccumulator.readFrom(new DataInputStream(new ByteArrayInputStream(old)));
    MetricBucket b = restored.toBucket();
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    try (var in = getClass().getResourceAsStream("/state/bucket-accumulator-v1.json")) {
      var expected = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(in);
      expected.put("selfInvocations", 0);
      com.fasterxml.jackson.databind.JsonNode actual = json.readTree(json.writeValueAsString(b));
      assertThat(actual).isEqualTo(expected);
    }
    assertThat(b.functionKey).isEqualTo("123456789012/us-east-1/orders-api");
    assertThat(b.invocations).isEqualTo(4);
    // Written again, it is in the current form and reads back the same.
    assertThat(roundTrip(restored).toBucket()).usingRecursiveComparison().isEqualTo(b);
  }
}
