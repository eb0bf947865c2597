package io.vigil.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.detect.DetectorSettings;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.FunctionDetectors;
import io.vigil.models.event.FlowRecord;
import io.vigil.models.event.Invocation;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.finding.OpenIncident;
import io.vigil.models.profile.BloomSet;
import io.vigil.models.profile.BucketAccumulator;
import io.vigil.models.profile.PriceTable;
import io.vigil.operators.profile.BucketAccumulatorSerializer;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Keyed state bytes per function, as Flink serialises them (what checkpoints and RocksDB hold): the
 * detectors' baseline after a day of buckets, one open bucket of a busy minute, the destination
 * Bloom filter, one open incident and the two timestamps. Budget: 2 KB.
 */
class StateSizeTest {
  static <T> int bytes(TypeSerializer<T> serializer, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(1024);
    serializer.serialize(value, out);
    return out.length();
  }

  static <T> int pojoBytes(Class<T> type, T value) throws Exception {
    return bytes(TypeInformation.of(type).createSerializer(new SerializerConfigImpl()), value);
  }

  @Test
  void perFunctionStateStaysWithinTwoKilobytes() throws Exception {
    Random random = new Random(1);
    FunctionDetectors detectors =
        new FunctionDetectors(new DetectorSettings(), PriceTable.defaults());
    FunctionBaseline baseline = new FunctionBaseline();
    for (long minute = 0; minute < 1440; minute++) {
      MetricBucket b = new MetricBucket();
      b.functionKey = "111122223333/us-east-1/checkout-api";
      b.bucketStart = minute * 60_000;
      b.bucketEnd = b.bucketStart + 60_000;
      b.invocations = 100 + random.nextInt(20);
      b.durationP50Ms = 200 + random.nextGaussian() * 10;
      b.memorySizeMb = 512;
      b.maxMemoryUsedMb = 300;
      b.estimatedCostUsd = 0.0003;
      b.egressBytes = 100_000;
      detectors.evaluate(b, baseline);
    }
    BucketAccumulator open =
        new BucketAccumulator("111122223333/us-east-1/checkout-api", 0, 60_000);
    BloomSet known = new BloomSet();
    for (int i = 0; i < 500; i++) {
      Invocation inv = new Invocation();
      inv.durationMs = 150 + random.nextGaussian() * 30;
      inv.billedDurationMs = Math.ceil(inv.durationMs);
      inv.memorySizeMb = 512;
      inv.maxMemoryUsedMb = 280 + random.nextInt(40);
      open.add(inv, PriceTable.defaults());
    }
    for (int i = 0; i < 20; i++) {
      FlowRecord f = new FlowRecord();
      f.srcAddr = "10.0.0.5";
      f.dstAddr = "203.0.113." + i;
      f.dstPort = 443;
      f.bytes = 5000;
      f.logStatus = "OK";
      f.action = "ACCEPT";
      open.add(f, known);
    }
    OpenIncident incident = new OpenIncident();
    incident.incidentId = "6f1c1f8e-5d55-3c1b-9d83-0e1c0b7d2f00";
    incident.type = "ERROR_STORM";
    incident.severity = "HIGH";
    incident.unit = "% errors";

    int baselineBytes = pojoBytes(FunctionBaseline.class, baseline);
    int bucketBytes = bytes(BucketAccumulatorSerializer.INSTANCE, open);
    int bloomBytes = BloomSet.BITS / 8 + 4;
    int incidentBytes = pojoBytes(OpenIncident.class, incident);
    int timestamps = 2 * 8;
    int total = baselineBytes + bucketBytes + bloomBytes + incidentBytes + timestamps;
    System.out.printf(
        "state bytes per function: baseline %d + open bucket %d + bloom %d + incident %d + timestamps %d = %d%n",
        baselineBytes, bucketBytes, bloomBytes, incidentBytes, timestamps, total);
    assertThat(total).isLessThanOrEqualTo(2048);
  }
}
