package io.vigil.operators.source;

import io.vigil.models.finding.Feedback;
import io.vigil.operators.control.PolicyBundle;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.source.RichSourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Watches a folder: emits what a {@link Reader} finds there at start, then (when {@code
 * pollIntervalMs > 0}) what it finds new on every poll. With interval 0 the source is bounded and
 * finishes after the first read. Control input only (policies, feedback): it carries no event time
 * and never holds back the watermark of the operators it feeds (detection's idle and month-end
 * timers). Run it with parallelism 1. Legacy SourceFunction without splits or state: after a
 * restart the folder is read again from scratch, which the consumers tolerate (a policy bundle is
 * identified by its content hash, feedback verdicts by incident).
 */
public class FolderSource<T> extends RichSourceFunction<T> implements ResultTypeQueryable<T> {
  /** Turns the folder into items; stateful across polls of one run (what was already emitted). */
  public interface Reader<T> {
    /** The items that are new since this reader's previous poll (all of them on the first). */
    List<T> poll(Path dir);
  }

  private final String dir;
  private final long pollIntervalMs;
  private final long minPollIntervalMs;
  private final Class<T> type;
  private final SerializableSupplier<Reader<T>> readers;
  private volatile boolean running = true;

  FolderSource(
      String dir,
      long pollIntervalMs,
      long minPollIntervalMs,
      Class<T> type,
      SerializableSupplier<Reader<T>> readers) {
    this.dir = dir;
    this.pollIntervalMs = pollIntervalMs;
    this.minPollIntervalMs = minPollIntervalMs;
    this.type = type;
    this.readers = readers;
  }

  /**
   * The policy folder as a {@link PolicyBundle}, again whenever its content changes (polled at most
   * once a second). Validation is the consumer's job ({@link
   * io.vigil.operators.action.PolicyActionsFunction}): an invalid folder is still emitted, and
   * rejected and reported there.
   */
  public static FolderSource<PolicyBundle> policies(String dir, long reloadIntervalMs) {
    return new FolderSource<>(dir, reloadIntervalMs, 1000, PolicyBundle.class, PolicyFolder::new);
  }

  /**
   * The human feedback lines ({@link Feedback}, JSON Lines in {@code *.jsonl} files, as written by
   * {@code vigil feedback}): every line at start, then every line appended since (polled at most
   * five times a second). Invalid lines are logged and skipped.
   */
  public static FolderSource<Feedback> feedback(String dir, long pollIntervalMs) {
    return new FolderSource<>(dir, pollIntervalMs, 200, Feedback.class, FeedbackFolder::new);
  }

  @Override
  public void run(SourceContext<T> ctx) throws Exception {
    ctx.emitWatermark(Watermark.MAX_WATERMARK);
    Reader<T> reader = readers.get();
    while (running) {
      List<T> items = reader.poll(Path.of(dir));
      synchronized (ctx.getCheckpointLock()) {
        for (T item : items) ctx.collect(item);
      }
      if (pollIntervalMs <= 0) return;
      Thread.sleep(Math.max(pollIntervalMs, minPollIntervalMs));
    }
  }

  @Override
  public void cancel() {
    running = false;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return TypeInformation.of(type);
  }
}
