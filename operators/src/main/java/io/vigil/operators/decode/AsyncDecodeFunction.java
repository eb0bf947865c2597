package io.vigil.operators.decode;

import io.vigil.models.decode.DecodeFailure;
import io.vigil.models.decode.DecoderConfig;
import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.RawRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Decodes raw records on a pool of threads, each with its own {@link RecordDecoder}, so the one
 * ordered source subtask (simulator, replay) only reads. Wired with {@code
 * AsyncDataStream.orderedWait}: results and watermarks leave in input order, and records in flight
 * at a checkpoint are in the operator's state and decoded again after a restore, so the stream
 * after {@link EmitDecodedFunction} is the one {@link DecodeFunction} gives. A record not decoded
 * within the operator's timeout becomes a {@value #TIMEOUT} dead letter (the late result is dropped
 * by Flink): the job never fails on it.
 */
public class AsyncDecodeFunction extends RichAsyncFunction<RawRecord, DecodedRecord> {
  public static final String UID = "decode-records-pool";
  public static final String NAME = "Decode AWS records (pool)";

  /** Dead-letter reason of a record that was not decoded within the timeout. */
  public static final String TIMEOUT = "decode-timeout";

  /** Prefix of the pool's thread names (what {@code vigil bench} groups its CPU time by). */
  public static final String THREAD_PREFIX = "vigil-decode-";

  private final DecoderConfig config;
  private final int threads;
  private final Duration timeout;

  private transient ExecutorService pool;
  private transient ThreadLocal<RecordDecoder> decoders;

  public AsyncDecodeFunction(DecoderConfig config, int threads, Duration timeout) {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
    this.config = config;
    this.threads = threads;
    this.timeout = timeout;
  }

  @Override
  public void open(OpenContext openContext) {
    AtomicInteger n = new AtomicInteger();
    pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, THREAD_PREFIX + n.getAndIncrement());
              t.setDaemon(true);
              return t;
            });
    // One decoder per pool thread: a decoder may keep buffers (an Inflater) between records.
    decoders = ThreadLocal.withInitial(() -> new RecordDecoder(config));
  }

  @Override
  public void asyncInvoke(RawRecord record, ResultFuture<DecodedRecord> result) {
    try {
      pool.execute(() -> result.complete(List.of(decode(record))));
    } catch (RejectedExecutionException closing) {
      result.completeExceptionally(closing); // only after close(): the task is ending anyway
    }
  }

  private DecodedRecord decode(RawRecord record) {
    try {
      return DecodedRecord.of(decoders.get().decode(record), record);
    } catch (RuntimeException e) { // RecordDecoder never throws; the conversion must not either
      return DecodedRecord.failed(record, DecodeFailure.INTERNAL_ERROR, String.valueOf(e));
    }
  }

  @Override
  public void timeout(RawRecord record, ResultFuture<DecodedRecord> result) {
    result.complete(
        List.of(
            DecodedRecord.failed(
                record, TIMEOUT, "not decoded within " + timeout.toMillis() + " ms")));
  }

  @Override
  public void close() {
    if (pool != null) pool.shutdownNow();
  }
}
