package io.vigil.benchmarks;

import io.vigil.models.event.FlowRecord;
import io.vigil.models.event.Invocation;
import io.vigil.models.profile.BloomSet;
import io.vigil.models.profile.BucketAccumulator;
import io.vigil.models.profile.InvocationRun;
import io.vigil.models.profile.PriceTable;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds to fold one event into a function's open bucket (sketches included), and per
 * invocation through the pre-shuffle path: folded into a run, the run serialised for the shuffle,
 * read back and merged into the bucket (runs of {@value #RUN} invocations).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ProfileBenchmark {
  private final Random random = new Random(1);
  private final PriceTable prices = PriceTable.defaults();
  private BucketAccumulator acc;
  private BloomSet known;
  private Invocation invocation;
  private FlowRecord flow;

  private final CpuClock cpu = new CpuClock();
  private long events;

  /** The wall-clock score is useless on a shared, loaded machine: also this thread's CPU time. */
  @Setup(Level.Iteration)
  public void startCpuClock() {
    events = 0;
    cpu.start();
  }

  @TearDown(Level.Iteration)
  public void printCpuTime() {
    System.out.printf(" [cpu-ns/event %.1f]", cpu.nanosPer(events));
  }

  @Setup
  public void setUp() {
    acc = new BucketAccumulator("a/r/f", 0, 60_000);
    known = new BloomSet();
    invocation = new Invocation();
    invocation.memorySizeMb = 512;
    invocation.region = "us-east-1";
    flow = new FlowRecord();
    flow.srcAddr = "10.0.0.5";
    flow.logStatus = "OK";
    flow.action = "ACCEPT";
    flow.bytes = 5000;
  }

  @Benchmark
  public Object addInvocation() {
    nextInvocation();
    acc.add(invocation, prices);
    events++;
    return acc;
  }

  static final int RUN = 100;

  private void nextInvocation() {
    invocation.durationMs = 50 + random.nextInt(500);
    invocation.billedDurationMs = invocation.durationMs;
    invocation.maxMemoryUsedMb = 100 + random.nextInt(100);
  }

  /** The combiner's fold (per invocation). */
  @Benchmark
  @OperationsPerInvocation(RUN)
  public Object foldIntoRun() {
    return fold(RUN);
  }

  private InvocationRun fold(int invocations) {
    InvocationRun run = new InvocationRun(0);
    for (int k = 0; k < invocations; k++) {
      nextInvocation();
      run.add(invocation, k, prices);
    }
    events += invocations;
    return run;
  }

  /** The combiner's fold, the run's bytes across the shuffle and the merge (per invocation). */
  @Benchmark
  @OperationsPerInvocation(RUN)
  public Object foldShuffleAndMergeRun() {
    Object run = foldIntoRun();
    acc.add(InvocationRun.fromBytes(((InvocationRun) run).toBytes()));
    return acc;
  }

  /**
   * The same for runs of {@value #SHORT_RUN} invocations, the typical run at the bench's fleet (a
   * function's invocations of one bucket between two flushes).
   */
  @Benchmark
  @OperationsPerInvocation(SHORT_RUN)
  public Object foldShuffleAndMergeShortRun() {
    acc.add(InvocationRun.fromBytes(fold(SHORT_RUN).toBytes()));
    return acc;
  }

  static final int SHORT_RUN = 5;

  @Benchmark
  public Object addFlow() {
    flow.dstAddr = "203.0.113." + random.nextInt(30);
    flow.dstPort = 443;
    acc.add(flow, known);
    events++;
    return acc;
  }
}
