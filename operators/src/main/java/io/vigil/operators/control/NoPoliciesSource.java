package io.vigil.operators.control;

import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * The policy source of a job without a policy folder: no bundle, and a final watermark at once, so
 * detection and planning run under the empty policy set and are never held back by it.
 *
 * <p>On unbounded input it stays open until cancelled: a task that finishes while the job runs
 * races a stop-with-savepoint triggered in that moment (the checkpoint request reaches a task the
 * TaskManager has already removed, the savepoint fails and the job fails over instead of stopping).
 * On bounded input it finishes at once, so the job can end. (Legacy SourceFunction, like the folder
 * sources.)
 */
public class NoPoliciesSource implements SourceFunction<PolicyBundle> {
  public static final String UID = "source-no-policies";
  public static final String NAME = "No policy folder";

  private final boolean stayOpen;
  private volatile boolean running = true;

  /** {@code stayOpen}: keep the task alive until cancelled (unbounded input). */
  public NoPoliciesSource(boolean stayOpen) {
    this.stayOpen = stayOpen;
  }

  @Override
  public void run(SourceContext<PolicyBundle> ctx) throws InterruptedException {
    ctx.emitWatermark(Watermark.MAX_WATERMARK);
    synchronized (this) {
      while (stayOpen && running) wait();
    }
  }

  @Override
  public void cancel() {
    running = false;
    synchronized (this) {
      notifyAll();
    }
  }
}
