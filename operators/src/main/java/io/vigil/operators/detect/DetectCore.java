package io.vigil.operators.detect;

import io.vigil.models.detect.BudgetBurnDetector;
import io.vigil.models.detect.BudgetState;
import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.FunctionDetectors;
import io.vigil.models.detect.IncidentTracker;
import io.vigil.models.detect.Signal;
import io.vigil.models.event.FunctionKeys;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.finding.OpenIncident;
import io.vigil.models.policy.BudgetRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.util.Collector;

/**
 * The keyed detection logic of {@link DetectFunction}: state, metrics, the per-bucket pass and the
 * idle clean-up. Created in {@code open}; not serialized.
 */
final class DetectCore {
  /** The detectors configured for one function. */
  record Detection(
      FunctionDetectors detectors,
      IncidentTracker tracker,
      BudgetBurnDetector budgetDetector,
      List<BudgetRule> budgets) {}

  private final long idleTimeoutMs;

  /** Keyed state, or the write-back cache in front of it ({@link #cacheState}). */
  private DetectState state;

  private final Map<String, Counter> findingsByType = new ConcurrentHashMap<>();
  private final MetricGroup metrics;
  private final AtomicLong openIncidents = new AtomicLong();
  private final Counter suppressed;
  private final Counter desensitised;

  /**
   * The Lambda API's facts per function key, from its latest enriched bucket: a bucket the lookup
   * missed (rate limit, timeout) and the idle timer reuse them. Not checkpointed (a restore
   * relearns them from the next bucket); dropped with the rest of the function's state when it goes
   * idle.
   */
  private final Map<String, FunctionFacts> live = new HashMap<>();

  DetectCore(RuntimeContext runtime, long idleTimeoutMs) {
    this.idleTimeoutMs = idleTimeoutMs;
    state = new KeyedDetectState(runtime);
    metrics = runtime.getMetricGroup();
    metrics.gauge("openIncidents", () -> openIncidents.get());
    suppressed = metrics.counter("suppressedFindings");
    desensitised = metrics.counter("desensitisedSignals");
  }

  /**
   * From now on reads and writes the keyed state through a write-back cache; the caller ({@link
   * DetectOperator}, after {@code open}) flushes it.
   */
  DetectStateCache cacheState(KeyContext keys) {
    DetectStateCache cache = new DetectStateCache((KeyedDetectState) state, keys);
    state = cache;
    return cache;
  }

  /** The Lambda API's tags and configuration of the bucket's function: its own, else last seen. */
  FunctionFacts liveFacts(MetricBucket b) {
    if (b.tags == null && b.config == null) return liveFacts(b.functionKey);
    FunctionFacts f = new FunctionFacts(b.tags, b.config);
    live.put(b.functionKey, f);
    return f;
  }

  FunctionFacts liveFacts(String key) {
    return live.getOrDefault(key, FunctionFacts.NONE);
  }

  /**
   * @param facts tags and configuration stamped on every finding (emitted or suppressed)
   * @param feedback human verdicts (null = none): desensitise signals and suppress findings
   * @param suppressedOut where suppressed findings go (a side output); required with feedback
   */
  void onBucket(
      MetricBucket b,
      Detection d,
      FunctionFacts facts,
      FeedbackIndex feedback,
      TimerService timers,
      Collector<Finding> out,
      Consumer<Finding> suppressedOut)
      throws Exception {
    FunctionBaseline baseline = state.baseline();
    if (baseline == null) baseline = new FunctionBaseline();
    List<Signal> signals = d.detectors().evaluate(b, baseline);
    state.setBaseline(baseline);
    if (!d.budgets().isEmpty()) {
      BudgetState bs = state.budget();
      if (bs == null) bs = new BudgetState();
      List<Signal> burn = d.budgetDetector().evaluate(b, bs, d.budgets());
      state.setBudget(bs);
      if (!burn.isEmpty()) {
        signals = new ArrayList<>(signals);
        signals.addAll(burn);
      }
    } else if (state.budget() != null) {
      state.setBudget(null); // the function's budgets went away with a policy update
    }
    if (feedback != null && !feedback.isEmpty() && !signals.isEmpty()) {
      List<Signal> kept = new ArrayList<>(signals.size());
      for (Signal s : signals) {
        if (s.score() >= feedback.scoreFloor(b.functionName, s.type().name())) kept.add(s);
        else desensitised.inc();
      }
      signals = kept;
    }
    Map<String, OpenIncident> open = state.incidents();
    Map<String, Long> openedAt = new HashMap<>();
    for (OpenIncident inc : open.values()) openedAt.put(inc.incidentId, inc.openedAt);
    int before = open.size();
    List<Finding> findings = d.tracker().onBucket(b, signals, open);
    if (!findings.isEmpty() || !signals.isEmpty() || before > 0) state.setIncidents(open);
    for (OpenIncident inc : open.values()) openedAt.putIfAbsent(inc.incidentId, inc.openedAt);
    openIncidents.addAndGet(open.size() - before);
    emit(findings, facts, feedback, openedAt, out, suppressedOut);
    Long last = state.lastBucketEnd();
    Long pending = pendingIdleTimer(last);
    if (last == null || b.bucketEnd > last) {
      state.setLastBucketEnd(b.bucketEnd);
      // One idle timer per function, left where it is while buckets come (each move was a delete
      // and a register): when it fires early it is set again at the last bucket end + timeout.
      if (pending == null) state.armIdleTimer(b.bucketEnd + idleTimeoutMs, timers);
    }
  }

  /**
   * When the function's idle timer is due. A savepoint from before the timer was recorded holds
   * none but has the one timer the function kept then, at its last bucket end + the timeout.
   */
  private Long pendingIdleTimer(Long last) throws Exception {
    return state.pendingIdleTimer(last == null ? null : last + idleTimeoutMs);
  }

  void onTimer(
      long timestamp,
      String key,
      IncidentTracker tracker,
      FunctionFacts facts,
      FeedbackIndex feedback,
      TimerService timers,
      Collector<Finding> out,
      Consumer<Finding> suppressedOut)
      throws Exception {
    Long last = state.lastBucketEnd();
    if (last == null) {
      // Idle already: only a month-end clean-up of the budget totals can be due.
      if (BudgetBurnDetector.expired(state.budget(), timestamp)) state.setBudget(null);
      return;
    }
    Long pending = pendingIdleTimer(last);
    if (last + idleTimeoutMs > timestamp) {
      // Newer buckets arrived since the idle timer was set: set it again where it is due now. (A
      // month-end timer firing while the function is active leaves the idle timer alone.)
      if (pending == timestamp) state.armIdleTimer(last + idleTimeoutMs, timers);
      return;
    }
    // The function went quiet: resolve what is open, then forget it.
    MetricBucket quiet = new MetricBucket();
    quiet.functionKey = key;
    quiet.accountId = FunctionKeys.account(key);
    quiet.region = FunctionKeys.region(key);
    quiet.functionName = FunctionKeys.function(key);
    quiet.bucketStart = last;
    quiet.bucketEnd = timestamp;
    Map<String, OpenIncident> open = state.incidents();
    Map<String, Long> openedAt = new HashMap<>();
    for (OpenIncident inc : open.values()) {
      inc.normalStreak = Integer.MAX_VALUE - 1;
      openedAt.put(inc.incidentId, inc.openedAt);
    }
    openIncidents.addAndGet(-open.size());
    emit(tracker.onBucket(quiet, List.of(), open), facts, feedback, openedAt, out, suppressedOut);
    live.remove(key);
    state.evict();
    // Month-to-date totals outlive a quiet spell; they go at the end of their month.
    BudgetState bs = state.budget();
    if (BudgetBurnDetector.expired(bs, timestamp)) state.setBudget(null);
    else timers.registerEventTimeTimer(BudgetBurnDetector.nextMonthStart(bs.monthStart));
  }

  private void emit(
      List<Finding> findings,
      FunctionFacts facts,
      FeedbackIndex feedback,
      Map<String, Long> openedAt,
      Collector<Finding> out,
      Consumer<Finding> suppressedOut) {
    for (Finding f : findings) {
      facts.stamp(f);
      if (feedback != null
          && feedback.suppresses(
              f.functionName,
              f.type,
              f.incidentId,
              openedAt.getOrDefault(f.incidentId, f.windowStart))) {
        suppressed.inc();
        suppressedOut.accept(f);
        continue;
      }
      counter(f.type).inc();
      out.collect(f);
    }
  }

  private Counter counter(String type) {
    return findingsByType.computeIfAbsent(
        type, t -> metrics.addGroup("findingType", t).counter("findings"));
  }
}
