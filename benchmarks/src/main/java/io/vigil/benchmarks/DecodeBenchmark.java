package io.vigil.benchmarks;

import io.vigil.models.decode.DecodeResult;
import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decode + parse throughput per format on one thread: one op = one Kinesis record of the simulated
 * fleet (a gzip CloudWatch Logs envelope of up to 200 log lines, a batch of flow-log lines, or an
 * hour of CUR/FOCUS rows). Lines per second = ops/s x {@link #linesPerRecord} (printed at setup).
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

  @Benchmark
  public void decode(Blackhole bh) {
    RawRecord r = records.get(next);
    next = next + 1 == records.size() ? 0 : next + 1;
    bh.consume(decoder.decode(r));
  }
}
