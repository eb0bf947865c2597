package io.vigil.benchmarks;

import io.vigil.models.detect.CusumDetector;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.FunctionDetectors;
import io.vigil.models.detect.RandomCutForestDetector;
import io.vigil.models.detect.SeasonalBaselineDetector;
import io.vigil.models.detect.SeriesDetector;
import io.vigil.models.eval.nab.NabEvaluator;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.settings.DetectorSettings;
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

/** Nanoseconds per update of each detector. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DetectorBenchmark {
  private final Random random = new Random(1);
  private FunctionDetectors functionDetectors;
  private FunctionBaseline baseline;
  private MetricBucket bucket;
  private SeriesDetector seasonal;
  private SeriesDetector cusum;
  private SeriesDetector tuned;
  private SeriesDetector rcf;
  private SeriesDetector novelty;
  private SeriesDetector noveltyOrSeasonal;
  private long t;

  @Setup
  public void setUp() {
    functionDetectors = new FunctionDetectors(new DetectorSettings(), PriceTable.defaults());
    baseline = new FunctionBaseline();
    bucket = new MetricBucket();
    bucket.functionKey = "a/r/f";
    bucket.memorySizeMb = 512;
    seasonal = new SeasonalBaselineDetector();
    cusum = new CusumDetector();
    tuned = NabEvaluator.tunedSeasonal();
    rcf = new RandomCutForestDetector();
    novelty = NabEvaluator.novelty();
    noveltyOrSeasonal = NabEvaluator.noveltyOrSeasonal();
  }

  private double value() {
    return 100 + random.nextGaussian() * 10;
  }

  /** All per-function detectors over one closed bucket (what the job runs per function-minute). */
  @Benchmark
  public Object functionDetectorsPerBucket() {
    t += 60_000;
    bucket.bucketStart = t;
    bucket.bucketEnd = t + 60_000;
    bucket.invocations = 100 + random.nextInt(20);
    bucket.durationP50Ms = value();
    bucket.estimatedCostUsd = 0.0003;
    bucket.egressBytes = 100_000;
    return functionDetectors.evaluate(bucket, baseline);
  }

  @Benchmark
  public Object seasonalBaseline() {
    return seasonal.update(t += 60_000, value());
  }

  @Benchmark
  public Object cusum() {
    return cusum.update(t += 60_000, value());
  }

  @Benchmark
  public Object likelihoodOfSeasonal() {
    return tuned.update(t += 60_000, value());
  }

  /** The bounded prototype novelty detector (amortised: a block ends every 4th update). */
  @Benchmark
  public Object novelty() {
    return novelty.update(t += 60_000, value());
  }

  /** max(novelty, likelihood(seasonal) with refractory): the best NAB development configuration. */
  @Benchmark
  public Object noveltyOrSeasonal() {
    return noveltyOrSeasonal.update(t += 60_000, value());
  }

  @Benchmark
  public Object randomCutForest() {
    return rcf.update(t += 60_000, value());
  }
}
