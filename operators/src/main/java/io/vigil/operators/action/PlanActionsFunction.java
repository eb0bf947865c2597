package io.vigil.operators.action;

import io.vigil.models.action.ActionPlanner;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FindingType;
import io.vigil.models.policy.FunctionTag;
import io.vigil.models.policy.PolicySet;
import io.vigil.operators.control.ControlEvent;
import io.vigil.operators.control.ControlState;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Plans actions for findings (dry-run unless a policy raises the mode) under the policies in force.
 * Fed by the control broadcast ({@link ControlEvent}, shared with detection; empty in a job without
 * a policy folder, where every action stays as planned). Bundles arrive parsed and valid ({@code
 * ParsePoliciesFunction}) and the set in force lives in broadcast state as its YAML texts ({@link
 * ControlState#POLICY_FILES}, checkpointed with the job, so a restart restores the last good set).
 * Every parallel instance sees the same bundles in the same order and decides the same way, as
 * broadcast state requires. Each action leaves tagged with the policy rule that shaped it ({@link
 * PlannedAction}), so {@link LimitActionsFunction} can enforce the rule's {@code maxPerHour}.
 *
 * <p>Tag selectors match on the finding's tags over its GitOps manifest's; a function tagged {@code
 * vigil:protected=true} gets NOTIFY only ({@code ActionPlanner}, {@code PolicySet.applyTo}).
 */
public class PlanActionsFunction
    extends BroadcastProcessFunction<Finding, ControlEvent, PlannedAction> {
  /** The uid of the former policy variant, whose broadcast state savepoints hold. */
  public static final String UID = "policy-actions";

  public static final String NAME = "Plan remediation actions";

  private transient ActionPlanner planner;
  private transient PolicySet current;
  private transient Counter actions;

  @Override
  public void open(OpenContext openContext) {
    planner = new ActionPlanner();
    actions = getRuntimeContext().getMetricGroup().counter("actionsOut");
  }

  @Override
  public void processElement(Finding f, ReadOnlyContext ctx, Collector<PlannedAction> out)
      throws Exception {
    PolicySet set = current(ctx.getBroadcastState(ControlState.POLICY_FILES));
    Map<String, String> tags = withManifestTags(f, set);
    FindingType type = f.typeKind();
    for (RemediationAction a : planner.plan(f)) {
      Optional<PolicySet.RuleMatch> m =
          set.matchFor(a.functionName, a.accountId, tags, type)
              .filter(r -> r.rule().action().name().equals(a.type));
      RemediationAction applied = set.applyTo(a, type, tags);
      actions.inc();
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
    if (control.policies == null) return; // feedback is for detection
    current =
        ControlState.store(ctx.getBroadcastState(ControlState.POLICY_FILES), control.policies);
  }

  private PolicySet current(ReadOnlyBroadcastState<String, String> state) throws Exception {
    if (current == null) current = ControlState.restore(state);
    return current;
  }
}
