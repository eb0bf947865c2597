package io.vigil.operators.decode;

import io.vigil.models.decode.DecodeFailure;
import io.vigil.models.decode.DecoderConfig;
import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.RawRecord;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.AbstractStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.apache.flink.streaming.api.operators.StreamOperatorParameters;
import org.apache.flink.streaming.api.operators.YieldingOperatorFactory;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamElement;
import org.apache.flink.streaming.runtime.streamrecord.StreamElementSerializer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Decodes raw records on a pool of threads, each with its own {@link RecordDecoder}, so the one
 * ordered source subtask (simulator, replay) only reads; results and watermarks leave in input
 * order, so the stream after {@link EmitDecodedFunction} is the one {@link DecodeFunction} gives.
 *
 * <p>It hands records to the pool in batches of up to {@code batch}: Flink's AsyncWaitOperator,
 * which this replaces, handed over one record at a time, with a timeout timer and a mailbox message
 * for each, and the source thread, waiting for room in the full queue, was woken once per record (a
 * futex call and, on this paravirtualised host, a rescheduling interrupt each: ~15% of the pool's
 * CPU in the kernel). A batch not full after {@link #LINGER_MS} goes as it is, as do the open batch
 * at a watermark, at the queue's limit and at the end of input.
 *
 * <p>Records in flight at a checkpoint are its state, under AsyncWaitOperator's state name and
 * serializer, so savepoints taken with either operator restore into this one (same uid): they are
 * decoded again after the restore. A batch not decoded within the timeout becomes {@value #TIMEOUT}
 * dead letters (late results are dropped): the job never fails on it.
 */
public final class DecodePoolOperator extends AbstractStreamOperator<DecodedRecord>
    implements OneInputStreamOperator<RawRecord, DecodedRecord>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  public static final String UID = "decode-records-pool";
  public static final String NAME = "Decode AWS records (pool)";

  /** Dead-letter reason of a record that was not decoded within the timeout. */
  public static final String TIMEOUT = "decode-timeout";

  /** Prefix of the pool's thread names (what {@code vigil bench} groups its CPU time by). */
  public static final String THREAD_PREFIX = "vigil-decode-";

  /** AsyncWaitOperator's state name: its savepoints restore here. */
  static final String STATE_NAME = "_async_wait_operator_state_";

  /** Longest a partly filled batch waits for more records before it goes to the pool. */
  static final long LINGER_MS = 5;

  private final DecoderConfig config;
  private final int threads;
  private final int capacity;
  private final int batchSize;
  private final long timeoutMs;
  private final DecodeStep step;
  private final transient MailboxExecutor mailbox;

  private transient ExecutorService pool;
  private transient ThreadLocal<RecordDecoder> decoders;
  private transient StreamElementSerializer<RawRecord> elementSerializer;
  private transient ListState<StreamElement> inFlightState;

  /** Batches and watermarks in input order; the head leaves first. Task thread only. */
  private transient ArrayDeque<Entry> queue;

  /** The batch still taking records (also the queue's last entry), or null. */
  private transient Batch open;

  private transient int recordsInFlight;
  private transient boolean copyInput;
  private transient boolean lingerTimerSet;
  private transient boolean timeoutTimerSet;
  private transient AtomicBoolean drainScheduled;

  private DecodePoolOperator(
      StreamOperatorParameters<DecodedRecord> parameters,
      MailboxExecutor mailbox,
      Settings settings) {
    this.config = settings.config;
    this.threads = settings.threads;
    this.capacity = settings.capacity;
    this.batchSize = settings.batchSize;
    this.timeoutMs = settings.timeout.toMillis();
    this.step = settings.step;
    this.mailbox = mailbox;
    this.processingTimeService = parameters.getProcessingTimeService();
    setup(parameters.getContainingTask(), parameters.getStreamConfig(), parameters.getOutput());
  }

  /** The operator's factory (Flink hands a factory the task's mailbox). */
  public static Factory factory(
      DecoderConfig config, int threads, int capacity, int batchSize, Duration timeout) {
    return factory(config, threads, capacity, batchSize, timeout, DecodeStep.DECODE);
  }

  /** The same with another decode step: tests hold results back with it. */
  static Factory factory(
      DecoderConfig config,
      int threads,
      int capacity,
      int batchSize,
      Duration timeout,
      DecodeStep step) {
    return new Factory(new Settings(config, threads, capacity, batchSize, timeout, step));
  }

  /** What a pool thread does with one record. */
  @FunctionalInterface
  interface DecodeStep extends java.io.Serializable {
    DecodeStep DECODE = (decoder, record) -> DecodedRecord.of(decoder.decode(record), record);

    DecodedRecord apply(RecordDecoder decoder, RawRecord record);
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    elementSerializer =
        new StreamElementSerializer<>(
            getOperatorConfig().<RawRecord>getTypeSerializerIn1(getUserCodeClassloader()));
    inFlightState =
        context
            .getOperatorStateStore()
            .getListState(new ListStateDescriptor<>(STATE_NAME, elementSerializer));
  }

  @Override
  public void open() throws Exception {
    super.open();
    AtomicInteger n = new AtomicInteger();
    pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, THREAD_PREFIX + n.getAndIncrement());
              t.setDaemon(true);
              return t;
            });
    // One decoder per pool thread: a decoder keeps buffers (an Inflater) between records.
    decoders = ThreadLocal.withInitial(() -> new RecordDecoder(config));
    // With object reuse the upstream may hand the same record object again: keep a copy, as
    // AsyncWaitOperator does.
    copyInput = getExecutionConfig().isObjectReuseEnabled();
    queue = new ArrayDeque<>();
    drainScheduled = new AtomicBoolean();
    // Copied before replaying: processElement may yield to the mailbox, and a snapshot taken
    // there rewrites the state being iterated.
    List<StreamElement> restored = new ArrayList<>();
    for (StreamElement e : inFlightState.get()) restored.add(e);
    for (StreamElement e : restored) {
      if (e.isRecord()) processElement(e.asRecord());
      else if (e.isWatermark()) processWatermark(e.asWatermark());
    }
  }

  @Override
  public void processElement(StreamRecord<RawRecord> record) throws Exception {
    while (recordsInFlight >= capacity) {
      submitOpen();
      mailbox.yield(); // decoded batches leave in a mail, making room
    }
    if (open == null) {
      open = new Batch(batchSize);
      queue.add(open);
      if (!lingerTimerSet) {
        lingerTimerSet = true;
        long now = processingTimeService.getCurrentProcessingTime();
        processingTimeService.registerTimer(now + LINGER_MS, t -> onLinger());
      }
    }
    open.records.add(copyInput ? copy(record) : record);
    recordsInFlight++;
    if (open.records.size() >= batchSize) submitOpen();
  }

  @SuppressWarnings("unchecked")
  private StreamRecord<RawRecord> copy(StreamRecord<RawRecord> record) {
    return (StreamRecord<RawRecord>) (StreamElement) elementSerializer.copy(record);
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    submitOpen();
    queue.add(new Mark(mark));
    emitCompleted();
  }

  @Override
  public void endInput() throws Exception {
    submitOpen();
    while (!queue.isEmpty()) mailbox.yield(); // a stuck batch leaves at its timeout
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<StreamElement> inFlight = new ArrayList<>();
    for (Entry e : queue) e.addElementsTo(inFlight);
    inFlightState.update(inFlight);
  }

  @Override
  public void close() throws Exception {
    try {
      if (pool != null) pool.shutdownNow();
    } finally {
      super.close();
    }
  }

  private void onLinger() {
    lingerTimerSet = false;
    submitOpen();
  }

  private void submitOpen() {
    Batch batch = open;
    if (batch == null) return;
    open = null;
    batch.submittedAt = processingTimeService.getCurrentProcessingTime();
    armTimeout(batch.submittedAt);
    try {
      pool.execute(() -> decode(batch));
    } catch (RejectedExecutionException closing) {
      // only after close(): the task is ending and its records are in the last checkpoint
    }
  }

  /** On a pool thread: decodes the batch, then asks the task thread to emit what is done. */
  private void decode(Batch batch) {
    RecordDecoder decoder = decoders.get();
    DecodedRecord[] decoded = new DecodedRecord[batch.records.size()];
    for (int i = 0; i < decoded.length; i++) {
      RawRecord r = batch.records.get(i).getValue();
      try {
        decoded[i] = step.apply(decoder, r);
      } catch (RuntimeException e) { // RecordDecoder never throws; the conversion must not either
        decoded[i] = DecodedRecord.failed(r, DecodeFailure.INTERNAL_ERROR, String.valueOf(e));
      }
    }
    if (batch.result.compareAndSet(null, decoded)) scheduleDrain();
  }

  /** One drain mail at a time, however many batches complete meanwhile. */
  private void scheduleDrain() {
    if (!drainScheduled.compareAndSet(false, true)) return;
    try {
      mailbox.execute(this::drain, "emit decoded batches");
    } catch (RejectedExecutionException closed) {
      // the task is ending; its records in flight are in the last checkpoint
    }
  }

  private void drain() {
    drainScheduled.set(false); // before reading: a batch completing after this schedules again
    emitCompleted();
  }

  /** Emits the queue's head while it is done: a decoded batch's records, then watermarks. */
  private void emitCompleted() {
    while (!queue.isEmpty()) {
      Entry head = queue.peek();
      if (!head.done()) return;
      queue.poll();
      if (head instanceof Mark m) {
        output.emitWatermark(m.watermark);
        continue;
      }
      Batch b = (Batch) head;
      DecodedRecord[] decoded = b.result.get();
      for (int i = 0; i < decoded.length; i++) {
        output.collect(b.records.get(i).replace(decoded[i])); // keeps the input's timestamp
      }
      recordsInFlight -= decoded.length;
    }
  }

  private void armTimeout(long submittedAt) {
    if (timeoutTimerSet) return;
    timeoutTimerSet = true;
    processingTimeService.registerTimer(submittedAt + timeoutMs, this::onTimeoutCheck);
  }

  /** Dead-letters every batch submitted at least the timeout ago and still not decoded. */
  private void onTimeoutCheck(long now) {
    timeoutTimerSet = false;
    long nextDue = Long.MAX_VALUE;
    for (Entry e : queue) {
      if (!(e instanceof Batch b) || b == open || b.done()) continue;
      if (b.submittedAt + timeoutMs <= now) b.result.compareAndSet(null, timedOut(b));
      else nextDue = Math.min(nextDue, b.submittedAt);
    }
    emitCompleted();
    if (nextDue != Long.MAX_VALUE) armTimeout(nextDue);
  }

  private DecodedRecord[] timedOut(Batch b) {
    DecodedRecord[] out = new DecodedRecord[b.records.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          DecodedRecord.failed(
              b.records.get(i).getValue(), TIMEOUT, "not decoded within " + timeoutMs + " ms");
    }
    return out;
  }

  /** An entry of the ordered queue. */
  private abstract static class Entry {
    abstract boolean done();

    abstract void addElementsTo(List<StreamElement> out);
  }

  /** Records handed to the pool together; their results arrive together. */
  private static final class Batch extends Entry {
    final List<StreamRecord<RawRecord>> records;
    final AtomicReference<DecodedRecord[]> result = new AtomicReference<>();
    long submittedAt;

    Batch(int size) {
      records = new ArrayList<>(size);
    }

    @Override
    boolean done() {
      return result.get() != null;
    }

    @Override
    void addElementsTo(List<StreamElement> out) {
      out.addAll(records);
    }
  }

  /** A watermark waiting for the records before it. */
  private static final class Mark extends Entry {
    final Watermark watermark;

    Mark(Watermark watermark) {
      this.watermark = watermark;
    }

    @Override
    boolean done() {
      return true;
    }

    @Override
    void addElementsTo(List<StreamElement> out) {
      out.add(watermark);
    }
  }

  /** What the factory passes on to each operator it creates. */
  private record Settings(
      DecoderConfig config,
      int threads,
      int capacity,
      int batchSize,
      Duration timeout,
      DecodeStep step)
      implements java.io.Serializable {
    Settings {
      if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
      if (batchSize < 1) throw new IllegalArgumentException("batch must be >= 1: " + batchSize);
      if (capacity < batchSize) {
        throw new IllegalArgumentException("capacity " + capacity + " below batch " + batchSize);
      }
    }
  }

  /**
   * Creates the operator with the task's mailbox, chained to the source as Flink's async operator
   * is.
   */
  public static final class Factory extends AbstractStreamOperatorFactory<DecodedRecord>
      implements OneInputStreamOperatorFactory<RawRecord, DecodedRecord>,
          YieldingOperatorFactory<DecodedRecord> {
    private static final long serialVersionUID = 1L;
    private final Settings settings;

    private Factory(Settings settings) {
      this.settings = settings;
      this.chainingStrategy = ChainingStrategy.ALWAYS;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends StreamOperator<DecodedRecord>> T createStreamOperator(
        StreamOperatorParameters<DecodedRecord> parameters) {
      return (T) new DecodePoolOperator(parameters, getMailboxExecutor(), settings);
    }

    @Override
    public Class<? extends StreamOperator> getStreamOperatorClass(ClassLoader classLoader) {
      return DecodePoolOperator.class;
    }
  }
}
