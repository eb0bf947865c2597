package io.vigil.operators.action;

import io.vigil.models.action.ActionPlanner;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FindingType;
import io.vigil.models.policy.FunctionTag;
import io.vigil.models.policy.PolicyLoadResult;
import io.vigil.models.policy.PolicyLoader;
import io.vigil.models.policy.PolicySet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Plans actions for findings and raises their mode as the current policies allow. Policies arrive
 * as {@link PolicyBundle}s on the control broadcast ({@link ControlEvent}, shared with detection)
 * and live in broadcast state as their YAML texts (checkpointed with the job, so a restart restores
 * the last good set). A bundle is validated with {@link PolicyLoader#loadTexts} before anything
 * changes: an invalid one is reported on {@link #REJECTED} and the previous set stays in force,
 * never half-applied. Every parallel instance sees the same bundles in the same order and decides
 * the same way, as broadcast state requires. Each action leaves tagged with the policy rule that
 * shaped it ({@link PlannedAction}), so {@link LimitActionsFunction} can enforce the rule's {@code
 * maxPerHour}.
 *
 * <p>Tag selectors match on the finding's tags over its GitOps manifest's; a function tagged {@code
 * vigil:protected=true} gets NOTIFY only ({@code ActionPlanner}, {@code PolicySet.applyTo}).
 */
public class PolicyActionsFunction
    extends BroadcastProcessFunction<Finding, ControlEvent, PlannedAction> {
  public static final String UID = "policy-actions";
  public static final String NAME = "Plan remediation actions under policies";

  public static final MapStateDescriptor<String, String> POLICY_FILES =
      new MapStateDescriptor<>(
          "policy-files", BasicTypeInfo.STRING_TYPE_INFO, BasicTypeInfo.STRING_TYPE_INFO);

  /** Validation reports of rejected bundles. */
  public static final OutputTag<String> REJECTED = new OutputTag<>("policy-rejected") {};

  private transient ActionPlanner planner;
  private transient PolicySet current;

  @Override
  public void processElement(Finding f, ReadOnlyContext ctx, Collector<PlannedAction> out)
      throws Exception {
    if (planner == null) planner = new ActionPlanner();
    PolicySet set = current(ctx.getBroadcastState(POLICY_FILES));
    Map<String, String> tags = withManifestTags(f, set);
    FindingType type = f.typeKind();
    for (RemediationAction a : planner.plan(f)) {
      Optional<PolicySet.RuleMatch> m =
          set.matchFor(a.functionName, a.accountId, tags, type)
              .filter(r -> r.rule().action().name().equals(a.type));
      RemediationAction applied = set.applyTo(a, type, tags);
      out.collect(
          m.isEmpty()
              ? new PlannedAction("", 0, applied)
              : new PlannedAction(ruleKey(m.get()), m.get().rule().maxPerHour(), applied));
    }
  }

  static String ruleKey(PolicySet.RuleMatch m) {
    return m.policy() + "/" + m.rule().finding() + "/" + m.rule().action().name();
  }

  /**
   * The finding's tags over its manifest's (a finding from plain detection carries none): set on
   * the finding before planning, so {@code vigil:protected=true} keeps it at NOTIFY.
   */
  static Map<String, String> withManifestTags(Finding f, PolicySet set) {
    f.tags = FunctionTag.merge(set.tagsFor(f.functionName), f.tags);
    return FunctionTag.toMap(f.tags);
  }

  @Override
  public void processBroadcastElement(
      ControlEvent control, Context ctx, Collector<PlannedAction> out) throws Exception {
    PolicyBundle bundle = control.policies;
    if (bundle == null) return; // feedback is for detection
    PolicyLoadResult r = PolicyLoader.loadTexts(bundle.files);
    if (!r.valid()) {
      ctx.output(
          REJECTED,
          "policy bundle "
              + bundle.revision
              + " rejected, previous policies stay in force:\n"
              + r.report());
      return;
    }
    BroadcastState<String, String> state = ctx.getBroadcastState(POLICY_FILES);
    state.clear();
    state.putAll(bundle.files);
    current = r.set();
  }

  private PolicySet current(ReadOnlyBroadcastState<String, String> state) throws Exception {
    if (current == null) {
      // After a restore: rebuild from the checkpointed texts (they validated when stored).
      Map<String, String> files = new HashMap<>();
      for (Map.Entry<String, String> e : state.immutableEntries()) {
        files.put(e.getKey(), e.getValue());
      }
      current = files.isEmpty() ? PolicySet.empty() : PolicyLoader.loadTexts(files).orThrow();
    }
    return current;
  }
}
