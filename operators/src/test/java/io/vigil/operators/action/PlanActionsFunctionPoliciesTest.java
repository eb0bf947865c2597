package io.vigil.operators.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vigil.models.action.RemediationAction;
import io.vigil.models.finding.Finding;
import io.vigil.models.policy.FunctionTag;
import io.vigil.operators.control.ControlEvent;
import io.vigil.operators.control.ControlState;
import io.vigil.operators.control.ParsedBundles;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class PlanActionsFunctionPoliciesTest {
  static final String GOOD =
      """
      apiVersion: vigil.io/v1
      kind: Policy
      metadata: {name: spikes}
      spec:
        selector: {functions: ["api-*"]}
        actions:
          - finding: INVOCATION_SPIKE
            action: THROTTLE
            mode: approval
            reservedConcurrency: 20
            expiry: 30m
            maxPerHour: 3
      """;

  static Finding spike(String fn, long t) {
    Finding f = new Finding();
    f.id = "f" + t;
    f.incidentId = "i-" + fn + t;
    f.type = "INVOCATION_SPIKE";
    f.status = "OPEN";
    f.functionName = fn;
    f.accountId = "123456789012";
    f.region = "us-east-1";
    f.windowEnd = t;
    f.explanation = "x";
    return f;
  }

  static ControlEvent bundle(String revision, Map<String, String> files) {
    return ParsedBundles.of(revision, files);
  }

  @Test
  void policiesRaiseModeAndTheRuleTravelsWithTheAction() throws Exception {
    try (BroadcastOperatorTestHarness<Finding, ControlEvent, PlannedAction> h =
        ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
            new PlanActionsFunction(), ControlState.POLICY_FILES)) {
      h.processElement(new StreamRecord<>(spike("api-a", 1000), 1));
      h.processBroadcastElement(new StreamRecord<>(bundle("v1", Map.of("p.yaml", GOOD)), 2));
      h.processElement(new StreamRecord<>(spike("api-a", 2000), 3));
      h.processElement(new StreamRecord<>(spike("web-b", 3000), 4));
      // v2 widens the rule to every function and enforces it.
      String widened = GOOD.replace("api-*", "*").replace("approval", "enforce");
      h.processBroadcastElement(new StreamRecord<>(bundle("v2", Map.of("p.yaml", widened)), 5));
      h.processElement(new StreamRecord<>(spike("web-b", 4000), 6));

      List<RemediationAction> out = h.extractOutputValues().stream().map(p -> p.action).toList();
      assertThat(out)
          .extracting(a -> a.mode)
          .containsExactly("DRY_RUN", "APPROVAL", "DRY_RUN", "ENFORCE");
      assertThat(out.get(1).reservedConcurrency).isEqualTo(20);
      // The rule that raised the action travels with it, for LimitActionsFunction.
      assertThat(h.extractOutputValues())
          .extracting(p -> p.ruleKey, p -> p.maxPerHour)
          .containsExactly(
              tuple("", 0),
              tuple("spikes/INVOCATION_SPIKE/THROTTLE", 3),
              tuple("", 0),
              tuple("spikes/INVOCATION_SPIKE/THROTTLE", 3));
      assertThat(out.get(1).expiresAt).isEqualTo(2000 + 30 * 60_000L);
    }
  }

  @Test
  void tagSelectorsMatchInPlanningAndProtectedFunctionsGetNotifyOnly() throws Exception {
    String byTag = GOOD.replace("functions: [\"api-*\"]", "tags: {team: payments}");
    String manifests =
        """
        apiVersion: x/v1
        kind: LambdaFunction
        spec: {functionName: pay-a, memorySize: 256, tags: {team: payments}}
        ---
        apiVersion: x/v1
        kind: LambdaFunction
        spec:
          functionName: pay-vault
          memorySize: 256
          tags: {team: payments, "vigil:protected": "true"}
        """;
    try (BroadcastOperatorTestHarness<Finding, ControlEvent, PlannedAction> h =
        ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
            new PlanActionsFunction(), ControlState.POLICY_FILES)) {
      h.processBroadcastElement(
          new StreamRecord<>(bundle("v1", Map.of("p.yaml", byTag, "m.yaml", manifests)), 1));
      h.processElement(new StreamRecord<>(spike("pay-a", 1000), 2)); // tags from the manifest
      Finding tagged = spike("other", 2000); // tags carried by the finding itself
      tagged.tags = FunctionTag.of(Map.of("team", "payments"));
      h.processElement(new StreamRecord<>(tagged, 3));
      h.processElement(new StreamRecord<>(spike("untagged", 3000), 4));
      h.processElement(new StreamRecord<>(spike("pay-vault", 4000), 5));

      List<RemediationAction> out = h.extractOutputValues().stream().map(p -> p.action).toList();
      assertThat(out)
          .extracting(a -> a.functionName + ":" + a.type + ":" + a.mode)
          .containsExactly(
              "pay-a:THROTTLE:APPROVAL",
              "other:THROTTLE:APPROVAL",
              "untagged:THROTTLE:DRY_RUN",
              "pay-vault:NOTIFY:DRY_RUN");
      assertThat(FunctionTag.toMap(out.get(0).tags)).isEqualTo(Map.of("team", "payments"));
      assertThat(out.get(2).tags).isNull();
      assertThat(FunctionTag.toMap(out.get(3).tags)).containsEntry("vigil:protected", "true");
    }
  }
}
