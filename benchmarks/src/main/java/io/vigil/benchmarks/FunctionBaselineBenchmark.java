package io.vigil.benchmarks;

import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.FunctionDetectors;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.settings.DetectorSettings;
import io.vigil.operators.StateDescriptors;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds to serialise and deserialise one warm {@link FunctionBaseline} (400 buckets of
 * detection: what RocksDB does once per bucket and function), with Flink's POJO serializer (before
 * issue 12) and with the keyed state's own serializer ({@code FunctionBaselineSerializer}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class FunctionBaselineBenchmark {
  private TypeSerializer<FunctionBaseline> pojo;
  private TypeSerializer<FunctionBaseline> form;
  private FunctionBaseline baseline;
  private final DataOutputSerializer out = new DataOutputSerializer(2048);
  private final DataInputDeserializer in = new DataInputDeserializer();

  @Setup
  public void setUp() {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    pojo = TypeInformation.of(FunctionBaseline.class).createSerializer(config);
    form = StateDescriptors.baseline().getSerializer();
    FunctionDetectors detectors =
        new FunctionDetectors(new DetectorSettings(), PriceTable.defaults());
    baseline = new FunctionBaseline();
    for (int m = 0; m < 400; m++) detectors.evaluate(bucket(m), baseline);
  }

  @Benchmark
  public FunctionBaseline pojoSerializer() throws IOException {
    return roundTrip(pojo);
  }

  @Benchmark
  public FunctionBaseline baselineSerializer() throws IOException {
    return roundTrip(form);
  }

  private FunctionBaseline roundTrip(TypeSerializer<FunctionBaseline> s) throws IOException {
    out.clear();
    s.serialize(baseline, out);
    in.setBuffer(out.getSharedBuffer(), 0, out.length());
    return s.deserialize(in);
  }

  private static MetricBucket bucket(long minute) {
    MetricBucket b = new MetricBucket();
    b.functionKey = "111122223333/us-east-1/f";
    b.functionName = "f";
    b.region = "us-east-1";
    b.bucketStart = 1_700_000_000_000L + minute * 60_000L;
    b.bucketEnd = b.bucketStart + 60_000L;
    b.invocations = 30 + minute % 7;
    b.errors = minute % 11 == 0 ? 1 : 0;
    b.durationP50Ms = 100 + minute % 5;
    b.durationP95Ms = 180;
    b.durationMaxMs = 200;
    b.memorySizeMb = 512;
    b.maxMemoryUsedMb = 200;
    b.memoryUsedP99Mb = 200;
    b.gbSeconds = b.invocations * 0.05;
    b.estimatedCostUsd = b.gbSeconds * 0.0000166667;
    return b;
  }
}
