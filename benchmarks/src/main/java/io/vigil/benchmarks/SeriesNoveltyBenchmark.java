package io.vigil.benchmarks;

import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.Signal;
import io.vigil.models.detect.family.BucketContext;
import io.vigil.models.detect.family.SeriesNoveltyFamily;
import io.vigil.models.detect.series.NoveltyDetector;
import io.vigil.models.detect.series.NoveltyState;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.settings.DetectorSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * Nanoseconds per update of the series novelty detector (issue 13): one point of its compact job
 * form and of the NAB default (64 prototypes), and the job's family over one closed bucket (both
 * series of one function). Values are a noisy daily cycle, so the prototype memory stays full and
 * each block end scans it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SeriesNoveltyBenchmark {
  private final Random random = new Random(1);
  private final NoveltyDetector.Params compact = NoveltyDetector.Params.compact();
  private final NoveltyDetector.Params defaults = NoveltyDetector.Params.defaults();
  private NoveltyState compactState;
  private NoveltyState defaultState;
  private float[] scratch;
  private SeriesNoveltyFamily family;
  private FunctionBaseline baseline;
  private BucketContext ctx;
  private MetricBucket bucket;
  private final List<Signal> out = new ArrayList<>();
  private long i;

  @Setup
  public void setUp() {
    compactState = NoveltyState.create(compact.capacity(), compact.width());
    defaultState = NoveltyState.create(defaults.capacity(), defaults.width());
    scratch = new float[Math.max(compact.width(), defaults.width())];
    family = new SeriesNoveltyFamily();
    baseline = new FunctionBaseline();
    ctx = new BucketContext(new DetectorSettings(), PriceTable.defaults());
    bucket = new MetricBucket();
    for (int k = 0; k < 5_000; k++) {
      compactStep();
      defaultStep();
      familyPerBucket();
    }
  }

  private double value() {
    i++;
    return 100 + 30 * Math.sin(2 * Math.PI * i / 1440.0) + random.nextGaussian() * 10;
  }

  @Benchmark
  public double compactStep() {
    return NoveltyDetector.step(compact, compactState, scratch, value());
  }

  @Benchmark
  public double defaultStep() {
    return NoveltyDetector.step(defaults, defaultState, scratch, value());
  }

  /**
   * What the job adds per function-bucket: both series, no other family's signal to corroborate.
   */
  @Benchmark
  public int familyPerBucket() {
    bucket.invocations = (long) value();
    bucket.durationP50Ms = value();
    out.clear();
    family.evaluate(bucket, baseline, ctx, out);
    return out.size();
  }
}
