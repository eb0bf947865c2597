package io.vigil.benchmarks;

import io.vigil.models.decode.CloudWatchLogsEnvelopeDecoder;
import io.vigil.models.decode.DecodeException;
import io.vigil.models.decode.DecodeResult;
import io.vigil.models.decode.GzipGuard;
import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decode + parse throughput per format on one thread: one op = one Kinesis record of the simulated
 * fleet (a gzip CloudWatch Logs envelope of up to 200 log lines, a batch of flow-log lines, or an
 * hour of CUR/FOCUS rows). Lines per second = ops/s x {@link #linesPerRecord} (printed at setup).
 *
 * <p>Stages, each including the ones before it: {@link #gunzip} (inflate only), {@link #envelope}
 * (inflate + parse the CloudWatch Logs JSON envelope; Lambda and flow records in envelopes) and
 * {@link #decode} (everything: inflate, envelope, line parsing, event objects).
 *
 * <p>On a shared machine the wall-clock score swings with the load; each measurement iteration
 * therefore also prints ops per second of this thread's own CPU time ({@code cpu-ops/s}), which
 * other processes disturb far less.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class DecodeBenchmark {
  @Param({"LAMBDA_LOGS", "FLOW_LOGS", "BILLING"})
  public String stream;

  private List<RawRecord> records;
  private RecordDecoder decoder;
  private int next;
  public double linesPerRecord;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private long ops;
  private long cpuStart;

  @Setup(Level.Trial)
  public void setUp() {
    records = Samples.records(StreamKind.valueOf(stream), stream.equals("BILLING") ? 180 : 20);
    decoder = new RecordDecoder();
    long lines = 0;
    for (RawRecord r : records) {
      DecodeResult d = decoder.decode(r);
      lines += d.events.size() + d.skippedLines + d.failures.size();
    }
    linesPerRecord = (double) lines / records.size();
    System.out.printf(
        "%n%s: %d records, %.1f lines per record%n", stream, records.size(), linesPerRecord);
  }

  @Setup(Level.Iteration)
  public void startCpuClock() {
    ops = 0;
    cpuStart = THREADS.getCurrentThreadCpuTime();
  }

  @TearDown(Level.Iteration)
  public void printCpuRate() {
    double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    System.out.printf(
        " [%s cpu-ops/s %.1f, cpu-lines/s %.0f]",
        stream, ops / cpuSeconds, ops * linesPerRecord / cpuSeconds);
  }

  private RawRecord nextRecord() {
    ops++;
    RawRecord r = records.get(next);
    next = next + 1 == records.size() ? 0 : next + 1;
    return r;
  }

  @Benchmark
  public void decode(Blackhole bh) {
    bh.consume(decoder.decode(nextRecord()));
  }

  @Benchmark
  public void gunzip(Blackhole bh) throws DecodeException {
    bh.consume(GzipGuard.maybeGunzip(nextRecord().data, 8 * 1024 * 1024));
  }

  @Benchmark
  public void envelope(Blackhole bh) throws DecodeException {
    byte[] data = nextRecord().data;
    if (stream.equals("LAMBDA_LOGS")) {
      bh.consume(CloudWatchLogsEnvelopeDecoder.decode(data, 8 * 1024 * 1024));
    } else {
      bh.consume(GzipGuard.maybeGunzip(data, 8 * 1024 * 1024));
    }
  }
}
