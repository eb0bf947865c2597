package io.vigil.operators.detect;

import io.vigil.models.detect.BudgetBurnDetector;
import io.vigil.models.detect.FunctionDetectors;
import io.vigil.models.detect.IncidentTracker;
import io.vigil.models.event.FunctionKeys;
import io.vigil.models.finding.Feedback;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.policy.FunctionManifest;
import io.vigil.models.policy.PolicySet;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.settings.DetectorSettings;
import io.vigil.operators.OutputTags;
import io.vigil.operators.control.ControlEvent;
import io.vigil.operators.control.ControlState;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the detectors over each closed bucket of a function and drives the incident lifecycle. A
 * function with no bucket for {@code idleTimeoutMs} of event time has its open incidents resolved
 * and its state cleared.
 *
 * <p>Fed by the control broadcast ({@link ControlEvent}, shared with action planning; empty in a
 * job without policy and feedback folders). Each function's detector settings come from {@code
 * PolicySet.settingsFor(function, account, tags)} and its budgets from {@code budgetsFor} (policy
 * budgets plus the GitOps manifest's {@code finops.monitoringAlerts}), which also enables the
 * BUDGET_BURN detector for it. Bundles arrive parsed and valid ({@code ParsePoliciesFunction}); the
 * set in force is kept in broadcast state as YAML texts ({@link ControlState#POLICY_FILES}). Until
 * the first bundle arrives the defaults apply.
 *
 * <p>Human feedback ({@link Feedback}) lives in broadcast state {@link ControlState#FEEDBACK}: a
 * false positive suppresses the findings of that (function name, type) whose incident opened before
 * its {@code until} (or is the incident named) — they go to {@link OutputTags#SUPPRESSED_FINDINGS}
 * and the {@code suppressedFindings} metric, never lost — and desensitises the pair for good: its
 * signals need the score of zThreshold x 1.5 per false positive (at most three). Confirmed verdicts
 * are recorded only.
 *
 * <p>Tags and configuration: a function's come from the Lambda API (on its metric buckets, when the
 * function lookup runs) under its GitOps manifest in the policy bundle ({@link FunctionFacts}:
 * manifest tags win but {@code vigil:protected=true} from either side stays; the API's
 * configuration wins field by field). Policy tag selectors match on the merged tags, and every
 * finding (emitted or suppressed) carries tags and configuration.
 */
public class DetectFunction
    extends KeyedBroadcastProcessFunction<String, MetricBucket, ControlEvent, Finding> {
  public static final String UID = "detect-anomalies";
  public static final String NAME = "Detect anomalies (baselines, incidents)";

  private static final long DEFAULT_SUPPRESSION_MS = 24 * 3_600_000L;

  private static final Logger LOG = LoggerFactory.getLogger(DetectFunction.class);

  private final PriceTable prices;
  private final long idleTimeoutMs;

  private transient DetectCore core;
  private transient PolicySet current;
  private transient FeedbackIndex feedback;

  /** Detection per function name (settings depend on name and account), for the current set. */
  private transient Map<String, DetectCore.Detection> byFunction;

  public DetectFunction(PriceTable prices, long idleTimeoutMs) {
    this.prices = prices;
    this.idleTimeoutMs = idleTimeoutMs;
  }

  @Override
  public void open(OpenContext openContext) {
    core = new DetectCore(getRuntimeContext(), idleTimeoutMs);
    byFunction = new HashMap<>();
  }

  /**
   * From now on reads and writes the keyed state through a write-back cache; the caller ({@link
   * DetectOperator}, after {@code open}) flushes it.
   */
  DetectStateCache cacheState(KeyContext keys) {
    return core.cacheState(keys);
  }

  @Override
  public void processElement(MetricBucket b, ReadOnlyContext ctx, Collector<Finding> out)
      throws Exception {
    PolicySet set = current(ctx.getBroadcastState(ControlState.POLICY_FILES));
    FunctionFacts facts = facts(set, b.functionName, core.liveFacts(b));
    core.onBucket(
        b,
        detection(set, b.functionName, b.accountId, facts),
        facts,
        feedback(ctx.getBroadcastState(ControlState.FEEDBACK)),
        ctx.timerService(),
        out,
        f -> ctx.output(OutputTags.SUPPRESSED_FINDINGS, f));
  }

  @Override
  public void processBroadcastElement(ControlEvent control, Context ctx, Collector<Finding> out)
      throws Exception {
    if (control.feedback != null) {
      onFeedback(control.feedback, ctx);
    } else if (control.policies != null) {
      current =
          ControlState.store(ctx.getBroadcastState(ControlState.POLICY_FILES), control.policies);
      byFunction.clear();
    }
  }

  /**
   * Stores a verdict (idempotent: a re-read line replaces itself and keeps its first default {@code
   * until}). Without {@code until} a false positive suppresses for 24 h of event time from now (the
   * current watermark; processing time before the first watermark).
   */
  private void onFeedback(Feedback f, Context ctx) throws Exception {
    try {
      f.validate();
    } catch (IllegalArgumentException e) {
      LOG.warn("ignoring invalid feedback {}: {}", f.toLine(), e.getMessage());
      return;
    }
    BroadcastState<String, Feedback> state = ctx.getBroadcastState(ControlState.FEEDBACK);
    String key = FeedbackIndex.stateKey(f);
    Feedback known = state.get(key);
    if (f.falsePositive() && f.until == null) {
      long now = ctx.currentWatermark();
      if (now == Long.MIN_VALUE) now = ctx.currentProcessingTime();
      f.untilMs =
          known != null && known.until == null ? known.untilMs : now + DEFAULT_SUPPRESSION_MS;
    }
    state.put(key, f);
    feedback = null; // rebuilt from state on next use
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Finding> out) throws Exception {
    String key = ctx.getCurrentKey();
    PolicySet set = current(ctx.getBroadcastState(ControlState.POLICY_FILES));
    String fn = FunctionKeys.function(key);
    FunctionFacts facts = facts(set, fn, core.liveFacts(key));
    IncidentTracker tracker = detection(set, fn, FunctionKeys.account(key), facts).tracker();
    core.onTimer(
        timestamp,
        key,
        tracker,
        facts,
        feedback(ctx.getBroadcastState(ControlState.FEEDBACK)),
        ctx.timerService(),
        out,
        f -> ctx.output(OutputTags.SUPPRESSED_FINDINGS, f));
  }

  /** The live (Lambda API) facts under the function's manifest. */
  static FunctionFacts facts(PolicySet set, String fn, FunctionFacts live) {
    return live.withManifest(set.tagsFor(fn), FunctionManifest.configOf(set.manifests().get(fn)));
  }

  private FeedbackIndex feedback(ReadOnlyBroadcastState<String, Feedback> state) throws Exception {
    if (feedback == null) {
      FeedbackIndex index = new FeedbackIndex();
      for (Map.Entry<String, Feedback> e : state.immutableEntries()) index.add(e.getValue());
      feedback = index;
    }
    return feedback;
  }

  /** Detection for the function's settings: they depend on name, account and merged tags. */
  private DetectCore.Detection detection(
      PolicySet set, String fn, String account, FunctionFacts facts) {
    Map<String, String> tags = facts.tagMap();
    String cacheKey = fn + "\u0000" + account + "\u0000" + tags;
    DetectCore.Detection d = byFunction.get(cacheKey);
    if (d == null) {
      DetectorSettings s = set.settingsFor(fn, account, tags);
      d =
          new DetectCore.Detection(
              new FunctionDetectors(s, prices),
              new IncidentTracker(s),
              new BudgetBurnDetector(s),
              set.budgetsFor(fn, account, tags));
      byFunction.put(cacheKey, d);
    }
    return d;
  }

  private PolicySet current(ReadOnlyBroadcastState<String, String> state) throws Exception {
    if (current == null) current = ControlState.restore(state);
    return current;
  }
}
