package io.vigil.benchmarks;

import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import io.vigil.operators.combine.ProfileCombiner;
import io.vigil.operators.combine.ProfileInput;
import io.vigil.operators.profile.ProfileFunction;
import io.vigil.operators.profile.ProfileOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.contrib.streaming.state.RocksDBOptions;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The profile operator's cost per record crossing {@code keyBy}, with its keyed state accessed
 * directly ({@code direct}: {@link ProfileFunction} alone) or through the write-back cache ({@code
 * cached}: {@link ProfileOperator}), on the heap and on RocksDB. One op = one pass over the runs of
 * a 200-function fleet hour (decoded and folded by {@link ProfileCombiner} at setup, watermark 30 s
 * behind), in a fresh operator, flushed as before a checkpoint every 10 fleet minutes; printed as
 * CPU ns per record of the benchmark thread ({@code cpu-ns/record}), which a loaded machine moves
 * far less than the wall-clock score.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ProfileStateBenchmark {
  private static final long MINUTE = 60_000;

  @Param({"hashmap", "rocksdb"})
  public String backend;

  @Param({"direct", "cached"})
  public String state;

  /** Records (ProfileInput) and watermarks, in arrival order; null marks a checkpoint. */
  private final List<Object> steps = new ArrayList<>();

  private long records;
  private final CpuClock cpu = new CpuClock();
  private long passes;

  @Setup(Level.Trial)
  public void record() throws Exception {
    SimulationConfig config = new SimulationConfig();
    config.functions = 200;
    FleetSimulator sim = new FleetSimulator(config);
    RecordDecoder decoder = new RecordDecoder();
    try (var combine =
        new OneInputStreamOperatorTestHarness<TelemetryEvent, ProfileInput>(
            new ProfileCombiner(MINUTE, 10_000, PriceTable.defaults()))) {
      combine.open();
      long watermark = Long.MIN_VALUE;
      for (int minute = 0; minute < 60; minute++) {
        for (RawRecord r : sim.nextMinute()) {
          for (TelemetryEvent e : decoder.decode(r).events) {
            combine.processElement(new StreamRecord<>(e, e.timestamp));
          }
          long next = r.arrivalTimestamp - 30_000 - 1;
          if (next > watermark) {
            watermark = next;
            combine.processWatermark(new Watermark(watermark));
            drain(combine);
            steps.add(new Watermark(watermark));
          }
        }
        if (minute % 10 == 9) {
          combine.prepareSnapshotPreBarrier(minute);
          drain(combine);
          steps.add(null);
        }
      }
    }
    steps.add(new Watermark(Long.MAX_VALUE));
  }

  private void drain(OneInputStreamOperatorTestHarness<TelemetryEvent, ProfileInput> combine) {
    for (Object o : combine.getOutput()) {
      if (o instanceof StreamRecord<?> s) {
        steps.add(s.getValue());
        records++;
      }
    }
    combine.getOutput().clear();
  }

  @Setup(Level.Iteration)
  public void startCpuClock() {
    passes = 0;
    cpu.start();
  }

  @TearDown(Level.Iteration)
  public void printCpuTime() {
    System.out.printf(
        " [cpu-ns/record %.0f over %d records]", cpu.nanosPer(passes * records), records);
  }

  @Benchmark
  public int pass() throws Exception {
    int out;
    try (var h = harness()) {
      h.open();
      long checkpoint = 0;
      for (Object step : steps) {
        if (step instanceof ProfileInput in) {
          h.processElement(new StreamRecord<>(in));
        } else if (step instanceof Watermark w) {
          h.processWatermark(w);
        } else {
          h.prepareSnapshotPreBarrier(++checkpoint);
        }
      }
      out = h.getOutput().size();
    }
    passes++;
    return out;
  }

  private KeyedOneInputStreamOperatorTestHarness<String, ProfileInput, MetricBucket> harness()
      throws Exception {
    ProfileFunction f = new ProfileFunction(MINUTE, 30 * MINUTE, PriceTable.defaults());
    KeyedProcessOperator<String, ProfileInput, MetricBucket> operator =
        state.equals("cached") ? new ProfileOperator(f) : new KeyedProcessOperator<>(f);
    var h = new KeyedOneInputStreamOperatorTestHarness<>(operator, in -> in.key, Types.STRING);
    h.setStateBackend(stateBackend());
    return h;
  }

  private StateBackend stateBackend() {
    if (backend.equals("hashmap")) return new HashMapStateBackend();
    // The harness's few MB of managed memory would make RocksDB flush its memtables constantly;
    // unmanaged, it runs with its default memtables instead, as on a TaskManager with room.
    Configuration conf = new Configuration();
    conf.set(RocksDBOptions.USE_MANAGED_MEMORY, false);
    return new EmbeddedRocksDBStateBackend(false)
        .configure(conf, ProfileStateBenchmark.class.getClassLoader());
  }
}
