package io.vigil.operators.action;

import io.vigil.models.action.ActionPlanner;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.finding.Finding;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/** Maps findings to remediation actions (dry-run unless a policy raises the mode). Stateless. */
public class PlanActionsFunction extends RichFlatMapFunction<Finding, RemediationAction> {
  public static final String UID = "plan-actions";
  public static final String NAME = "Plan remediation actions";

  private transient ActionPlanner planner;
  private transient Counter actions;

  @Override
  public void open(OpenContext openContext) {
    planner = new ActionPlanner();
    actions = getRuntimeContext().getMetricGroup().counter("actionsOut");
  }

  @Override
  public void flatMap(Finding f, Collector<RemediationAction> out) {
    for (RemediationAction a : planner.plan(f)) {
      actions.inc();
      out.collect(a);
    }
  }
}
