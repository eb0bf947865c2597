package io.vigil.operators.detect;

import io.vigil.models.detect.DetectorSettings;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.FunctionDetectors;
import io.vigil.models.detect.Signal;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.IncidentTracker;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.finding.OpenIncident;
import io.vigil.models.profile.PriceTable;
import io.vigil.operators.StateDescriptors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs the detectors over each closed bucket of a function and drives the incident lifecycle. A
 * function with no bucket for {@code idleTimeoutMs} of event time has its open incidents resolved
 * and its state cleared.
 */
public class DetectFunction extends KeyedProcessFunction<String, MetricBucket, Finding> {
  public static final String UID = "detect-anomalies";
  public static final String NAME = "Detect anomalies (baselines, incidents)";

  private final DetectorSettings settings;
  private final PriceTable prices;
  private final long idleTimeoutMs;

  private transient FunctionDetectors detectors;
  private transient IncidentTracker tracker;
  private transient ValueState<FunctionBaseline> baseline;
  private transient MapState<String, OpenIncident> incidents;
  private transient ValueState<Long> lastBucketEnd;
  private transient Map<String, Counter> findingsByType;
  private transient MetricGroup metrics;
  private transient AtomicLong openIncidents;

  public DetectFunction(DetectorSettings settings, PriceTable prices, long idleTimeoutMs) {
    this.settings = settings;
    this.prices = prices;
    this.idleTimeoutMs = idleTimeoutMs;
  }

  @Override
  public void open(OpenContext openContext) {
    detectors = new FunctionDetectors(settings, prices);
    tracker = new IncidentTracker(settings);
    baseline = getRuntimeContext().getState(StateDescriptors.baseline());
    incidents = getRuntimeContext().getMapState(StateDescriptors.openIncidents());
    lastBucketEnd = getRuntimeContext().getState(StateDescriptors.lastSeen());
    metrics = getRuntimeContext().getMetricGroup();
    findingsByType = new ConcurrentHashMap<>();
    openIncidents = new AtomicLong();
    metrics.gauge("openIncidents", () -> openIncidents.get());
  }

  @Override
  public void processElement(MetricBucket b, Context ctx, Collector<Finding> out) throws Exception {
    FunctionBaseline state = baseline.value();
    if (state == null) state = new FunctionBaseline();
    List<Signal> signals = detectors.evaluate(b, state);
    baseline.update(state);
    Map<String, OpenIncident> open = new HashMap<>();
    for (Map.Entry<String, OpenIncident> e : incidents.entries())
      open.put(e.getKey(), e.getValue());
    int before = open.size();
    List<Finding> findings = tracker.onBucket(b, signals, open);
    if (!findings.isEmpty() || !signals.isEmpty() || before > 0) {
      incidents.clear();
      incidents.putAll(open);
    }
    openIncidents.addAndGet(open.size() - before);
    for (Finding f : findings) {
      counter(f.type).inc();
      out.collect(f);
    }
    Long last = lastBucketEnd.value();
    if (last == null || b.bucketEnd > last) {
      lastBucketEnd.update(b.bucketEnd);
      ctx.timerService().registerEventTimeTimer(b.bucketEnd + idleTimeoutMs);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Finding> out) throws Exception {
    Long last = lastBucketEnd.value();
    if (last == null || last + idleTimeoutMs > timestamp) return; // a newer bucket arrived since
    // The function went quiet: resolve what is open, then forget it.
    MetricBucket quiet = new MetricBucket();
    quiet.functionKey = ctx.getCurrentKey();
    quiet.accountId = io.vigil.models.event.FunctionKeys.account(quiet.functionKey);
    quiet.region = io.vigil.models.event.FunctionKeys.region(quiet.functionKey);
    quiet.functionName = io.vigil.models.event.FunctionKeys.function(quiet.functionKey);
    quiet.bucketStart = last;
    quiet.bucketEnd = timestamp;
    Map<String, OpenIncident> open = new HashMap<>();
    for (Map.Entry<String, OpenIncident> e : incidents.entries()) {
      OpenIncident inc = e.getValue();
      inc.normalStreak = Integer.MAX_VALUE - 1;
      open.put(e.getKey(), inc);
    }
    openIncidents.addAndGet(-open.size());
    for (Finding f : tracker.onBucket(quiet, List.of(), open)) {
      counter(f.type).inc();
      out.collect(f);
    }
    baseline.clear();
    incidents.clear();
    lastBucketEnd.clear();
  }

  private Counter counter(String type) {
    return findingsByType.computeIfAbsent(
        type, t -> metrics.addGroup("findingType", t).counter("findings"));
  }
}
