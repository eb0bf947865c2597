package io.vigil.operators.sink.es;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetworkTrafficJoinTest {
  static final long MIN = 60_000;
  static final long T = 1_762_000_000_000L;

  KeyedTwoInputStreamOperatorTestHarness<String, Finding, MetricBucket, FindingWithTraffic> h;

  @BeforeEach
  void open() throws Exception {
    h =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new KeyedCoProcessOperator<>(new NetworkTrafficJoin()),
            f -> f.functionKey,
            b -> b.functionKey,
            Types.STRING);
    h.open();
  }

  @AfterEach
  void close() throws Exception {
    h.close();
  }

  static Finding finding(String type, long windowEnd) {
    Finding f = EcsDocumentsTest.finding();
    f.type = type;
    f.windowStart = windowEnd - MIN;
    f.windowEnd = windowEnd;
    f.destinationIp = null;
    f.id = type + windowEnd;
    return f;
  }

  static MetricBucket bucket(long end, long egress) {
    MetricBucket b = EcsDocumentsTest.bucket();
    b.bucketStart = end - MIN;
    b.bucketEnd = end;
    b.flows = egress > 0 ? 12 : 0;
    b.egressBytes = egress;
    return b;
  }

  @Test
  void networkFindingsWaitForTheirWindowsTrafficInEitherOrder() throws Exception {
    // Finding before its bucket, then bucket before its finding; another window's bucket too.
    h.processElement1(new StreamRecord<>(finding("PORT_SCAN", T), T - 1));
    h.processElement2(new StreamRecord<>(bucket(T, 5000), T - 1));
    h.processElement2(new StreamRecord<>(bucket(T + MIN, 7000), T + MIN - 1));
    h.processElement1(new StreamRecord<>(finding("CRYPTO_MINING", T + MIN), T + MIN - 1));
    assertThat(h.extractOutputValues()).isEmpty();
    h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(T));
    List<FindingWithTraffic> out = h.extractOutputValues();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).finding.type).isEqualTo("PORT_SCAN");
    assertThat(out.get(0).traffic.egressBytes).isEqualTo(5000);
    h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(T + MIN));
    out = h.extractOutputValues();
    assertThat(out).hasSize(2);
    assertThat(out.get(1).finding.type).isEqualTo("CRYPTO_MINING");
    assertThat(out.get(1).traffic.egressBytes).isEqualTo(7000);
    assertThat(h.numKeyedStateEntries()).as("state cleared").isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void otherFindingsPassStraightThroughAndQuietBucketsAreNotKept() throws Exception {
    h.processElement1(new StreamRecord<>(finding("INVOCATION_SPIKE", T), T - 1));
    assertThat(h.extractOutputValues()).hasSize(1);
    assertThat(h.extractOutputValues().get(0).traffic).isNull();
    h.processElement2(new StreamRecord<>(bucket(T, 0), T - 1));
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void aNetworkFindingWithoutTrafficOrLateIsEmittedAnyway() throws Exception {
    h.processElement1(new StreamRecord<>(finding("EGRESS_EXFILTRATION", T), T - 1));
    h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(T));
    assertThat(h.extractOutputValues()).hasSize(1);
    assertThat(h.extractOutputValues().get(0).traffic).isNull();
    // Late (its window already passed): emitted at once.
    h.processElement1(new StreamRecord<>(finding("PORT_SCAN", T - MIN), T - MIN - 1));
    assertThat(h.extractOutputValues()).hasSize(2);
    assertThat(h.numKeyedStateEntries()).isZero();
  }
}
