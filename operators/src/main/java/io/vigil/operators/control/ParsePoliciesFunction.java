package io.vigil.operators.control;

import io.vigil.models.policy.PolicyLoadResult;
import io.vigil.models.policy.PolicyLoader;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The one place a policy bundle is parsed: validates each bundle from the policy folder with {@link
 * PolicyLoader#loadTexts} and passes a valid one on the control broadcast with its typed set, so
 * detection and planning only apply it. An invalid bundle goes to {@link #REJECTED} with its
 * validation report (and the {@code policyBundlesRejected} metric); the previous set stays in force
 * everywhere, never half-applied. Stateless; run it with parallelism 1 after the folder source.
 */
public class ParsePoliciesFunction extends ProcessFunction<PolicyBundle, ControlEvent> {
  /** The uid of the stateless map this replaced (policies -> control), kept. */
  public static final String UID = "control-policies";

  public static final String NAME = "Parse policies -> control";

  /** Validation reports of rejected bundles. */
  public static final OutputTag<String> REJECTED = new OutputTag<>("policy-rejected") {};

  private transient Counter rejected;

  @Override
  public void open(OpenContext openContext) {
    rejected = getRuntimeContext().getMetricGroup().counter("policyBundlesRejected");
  }

  @Override
  public void processElement(PolicyBundle bundle, Context ctx, Collector<ControlEvent> out) {
    PolicyLoadResult r = PolicyLoader.loadTexts(bundle.files);
    if (!r.valid()) {
      rejected.inc();
      ctx.output(
          REJECTED,
          "policy bundle "
              + bundle.revision
              + " rejected, previous policies stay in force:\n"
              + r.report());
      return;
    }
    bundle.set = r.set();
    out.collect(ControlEvent.of(bundle));
  }
}
