package io.vigil.operators.control;

import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;

/**
 * The policy source of a job without a policy folder: no bundle, and a final watermark at once, so
 * detection and planning run under the empty policy set and are never held back by it. Finishes
 * immediately. (Legacy SourceFunction, like the folder sources.)
 */
public class NoPoliciesSource implements SourceFunction<PolicyBundle> {
  public static final String UID = "source-no-policies";
  public static final String NAME = "No policy folder";

  @Override
  public void run(SourceContext<PolicyBundle> ctx) {
    ctx.emitWatermark(Watermark.MAX_WATERMARK);
  }

  @Override
  public void cancel() {}
}
