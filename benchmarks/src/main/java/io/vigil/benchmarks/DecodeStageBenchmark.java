package io.vigil.benchmarks;

import io.vigil.models.decode.BillingRowParser;
import io.vigil.models.decode.CloudWatchLogsEnvelopeDecoder;
import io.vigil.models.decode.CloudWatchLogsEnvelopeDecoder.Envelope;
import io.vigil.models.decode.CloudWatchLogsEnvelopeDecoder.LogEvent;
import io.vigil.models.decode.DecodeException;
import io.vigil.models.decode.DecodeResult;
import io.vigil.models.decode.DecoderConfig;
import io.vigil.models.decode.FlowLogParser;
import io.vigil.models.decode.GzipGuard;
import io.vigil.models.decode.LambdaLogParser;
import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.io.RecordingFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The decode path stage by stage, each stage alone on inputs the stage before produced at setup
 * (unlike {@link DecodeBenchmark}, whose stages include the ones before). One op = one Kinesis
 * record of the simulated fleet (200 functions); the setup prints the lines per record so ns/op
 * converts to ns per line. Run with {@code -prof gc} for bytes allocated per op.
 *
 * <ul>
 *   <li>{@link #bareLoop}: all of it for one Lambda record, as the bench's bare loop does.
 *   <li>{@link #recordingLine}: one line of a recording (JSON with base64 data) to a record, what
 *       the replay source and the bench's bare loop do before decoding; {@link #base64} is its
 *       base64 part alone.
 *   <li>{@link #inflate}: gunzip of a Lambda record (a CloudWatch Logs envelope).
 *   <li>{@link #envelopeJson}: the inflated envelope's JSON to log events.
 *   <li>{@link #lambdaTextLines} / {@link #lambdaJsonLines}: one envelope's log events to
 *       invocations, text-format and JSON-format functions; {@link #reportLine} one REPORT line.
 *   <li>{@link #flowLines}: the lines of one flow-log record to flow events.
 *   <li>{@link #billingRows}: one record of CUR/FOCUS CSV rows to billing events.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DecodeStageBenchmark {
  private static final int MAX = 8 * 1024 * 1024;

  private final DecoderConfig config = new DecoderConfig();
  private final LambdaLogParser lambda = new LambdaLogParser(config);
  private final FlowLogParser flow = new FlowLogParser(config);
  private final BillingRowParser billing = new BillingRowParser(config);

  private String[] lines;
  private String[] base64s;
  private byte[][] gzipped;
  private byte[][] envelopeBytes;
  private Envelope[] textEnvelopes;
  private Envelope[] jsonEnvelopes;
  private List<LogEvent> report;
  private List<List<String>> flowRecords;
  private String[] billingTexts;
  private int next;
  private final RecordDecoder decoder = new RecordDecoder(config);
  private final CpuClock cpu = new CpuClock();
  private long ops;

  @Setup(Level.Trial)
  public void setUp() throws DecodeException {
    List<RawRecord> lambdaRecords = Samples.records(StreamKind.LAMBDA_LOGS, 20);
    lines = lambdaRecords.stream().map(RecordingFormat::toLine).toArray(String[]::new);
    base64s =
        lambdaRecords.stream()
            .map(r -> Base64.getEncoder().encodeToString(r.data))
            .toArray(String[]::new);
    gzipped = lambdaRecords.stream().map(r -> r.data).toArray(byte[][]::new);
    envelopeBytes = new byte[gzipped.length][];
    for (int i = 0; i < gzipped.length; i++) envelopeBytes[i] = GzipGuard.gunzip(gzipped[i], MAX);
    textEnvelopes = envelopes(Samples.records(StreamKind.LAMBDA_LOGS, 20, 0.0));
    jsonEnvelopes = envelopes(Samples.records(StreamKind.LAMBDA_LOGS, 20, 1.0));
    report = List.of(reportEvent(textEnvelopes));
    flowRecords = new ArrayList<>();
    for (RawRecord r : Samples.records(StreamKind.FLOW_LOGS, 20)) {
      byte[] payload = GzipGuard.maybeGunzip(r.data, MAX);
      String text = new String(payload, StandardCharsets.UTF_8);
      List<String> ls = new ArrayList<>();
      if (text.startsWith("{")) {
        for (LogEvent e : CloudWatchLogsEnvelopeDecoder.parse(payload).logEvents()) {
          ls.add(e.message());
        }
      } else {
        ls.addAll(text.lines().toList());
      }
      flowRecords.add(ls);
    }
    billingTexts =
        Samples.records(StreamKind.BILLING, 180).stream()
            .map(r -> gunzipText(r.data))
            .toArray(String[]::new);
    System.out.printf(
        "%nlog events per Lambda envelope: text %.1f, json %.1f; flow lines per record %.1f;"
            + " billing rows per record %.1f%n",
        perRecord(textEnvelopes),
        perRecord(jsonEnvelopes),
        flowRecords.stream().mapToInt(List::size).average().orElse(0),
        java.util.Arrays.stream(billingTexts)
            .mapToLong(t -> t.lines().count())
            .average()
            .orElse(0));
  }

  private static String gunzipText(byte[] data) {
    try {
      return new String(GzipGuard.maybeGunzip(data, MAX), StandardCharsets.UTF_8);
    } catch (DecodeException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Envelope[] envelopes(List<RawRecord> records) throws DecodeException {
    List<Envelope> out = new ArrayList<>();
    for (RawRecord r : records) {
      Envelope e = CloudWatchLogsEnvelopeDecoder.decode(r.data, MAX);
      if (!e.isControl()) out.add(e);
    }
    return out.toArray(Envelope[]::new);
  }

  private static LogEvent reportEvent(Envelope[] envelopes) {
    for (Envelope e : envelopes) {
      for (LogEvent l : e.logEvents()) {
        if (l.message() != null && l.message().startsWith("REPORT ")) return l;
      }
    }
    throw new IllegalStateException("no REPORT line in the sample");
  }

  private static double perRecord(Envelope[] envelopes) {
    return java.util.Arrays.stream(envelopes)
        .mapToInt(e -> e.logEvents().size())
        .average()
        .orElse(0);
  }

  private int next(int size) {
    ops++;
    next = next + 1 >= size ? 0 : next + 1;
    return next;
  }

  @Setup(Level.Iteration)
  public void startCpuClock() {
    ops = 0;
    cpu.start();
  }

  /** Prints this thread's CPU nanoseconds per op ({@link CpuClock}). */
  @TearDown(Level.Iteration)
  public void printCpuTime() {
    System.out.printf(" [cpu-ns/op %.0f]", cpu.nanosPer(ops));
  }

  /** The bench's bare loop for one Lambda record: recording line to record to decoded events. */
  @Benchmark
  public DecodeResult bareLoop() {
    return decoder.decode(RecordingFormat.fromLine(lines[next(lines.length)]));
  }

  @Benchmark
  public RawRecord recordingLine() {
    return RecordingFormat.fromLine(lines[next(lines.length)]);
  }

  @Benchmark
  public byte[] base64() {
    return Base64.getDecoder().decode(base64s[next(base64s.length)]);
  }

  @Benchmark
  public byte[] inflate() throws DecodeException {
    return GzipGuard.gunzip(gzipped[next(gzipped.length)], MAX);
  }

  @Benchmark
  public Envelope envelopeJson() throws DecodeException {
    return CloudWatchLogsEnvelopeDecoder.parse(envelopeBytes[next(envelopeBytes.length)]);
  }

  @Benchmark
  public DecodeResult lambdaTextLines() {
    DecodeResult out = new DecodeResult();
    lambda.parse(textEnvelopes[next(textEnvelopes.length)], out);
    return out;
  }

  @Benchmark
  public DecodeResult lambdaJsonLines() {
    DecodeResult out = new DecodeResult();
    lambda.parse(jsonEnvelopes[next(jsonEnvelopes.length)], out);
    return out;
  }

  @Benchmark
  public DecodeResult reportLine() {
    DecodeResult out = new DecodeResult();
    ops++;
    lambda.parse("123456789012", "fn", "$LATEST", report, out);
    return out;
  }

  @Benchmark
  public DecodeResult flowLines() {
    DecodeResult out = new DecodeResult();
    flow.parseLines(flowRecords.get(next(flowRecords.size())), null, out);
    return out;
  }

  @Benchmark
  public DecodeResult billingRows() {
    DecodeResult out = new DecodeResult();
    billing.parse(billingTexts[next(billingTexts.length)], out);
    return out;
  }
}
