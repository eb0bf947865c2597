package io.vigil.operators.detect;

import io.vigil.models.detect.BudgetBurnDetector;
import io.vigil.models.detect.FunctionDetectors;
import io.vigil.models.detect.IncidentTracker;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.settings.DetectorSettings;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs the detectors over each closed bucket of a function and drives the incident lifecycle. A
 * function with no bucket for {@code idleTimeoutMs} of event time has its open incidents resolved
 * and its state cleared. One set of settings for every function; with policies the job runs {@link
 * PolicyDetectFunction} instead (same uid, same state).
 */
public class DetectFunction extends KeyedProcessFunction<String, MetricBucket, Finding> {
  public static final String UID = "detect-anomalies";
  public static final String NAME = "Detect anomalies (baselines, incidents)";

  private final DetectorSettings settings;
  private final PriceTable prices;
  private final long idleTimeoutMs;

  private transient DetectCore core;
  private transient DetectCore.Detection detection;

  public DetectFunction(DetectorSettings settings, PriceTable prices, long idleTimeoutMs) {
    this.settings = settings;
    this.prices = prices;
    this.idleTimeoutMs = idleTimeoutMs;
  }

  @Override
  public void open(OpenContext openContext) {
    detection =
        new DetectCore.Detection(
            new FunctionDetectors(settings, prices),
            new IncidentTracker(settings),
            new BudgetBurnDetector(settings),
            List.of());
    core = new DetectCore(getRuntimeContext(), idleTimeoutMs, false);
  }

  @Override
  public void processElement(MetricBucket b, Context ctx, Collector<Finding> out) throws Exception {
    core.onBucket(b, detection, ctx.timerService(), out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Finding> out) throws Exception {
    core.onTimer(timestamp, ctx.getCurrentKey(), detection.tracker(), ctx.timerService(), out);
  }
}
