package io.vigil.models.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FindingType;
import io.vigil.models.policy.FunctionTag;
import io.vigil.models.policy.PolicyLoadResult;
import io.vigil.models.policy.PolicyLoader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ActionPlannerTest {
  private static Finding finding(String type, String status) {
    Finding f = new Finding();
    f.id = "f1";
    f.incidentId = "i1";
    f.type = type;
    f.status = status;
    f.accountId = "111122223333";
    f.region = "us-east-1";
    f.functionName = "miner";
    f.observed = 150;
    f.windowEnd = 1_000;
    f.explanation = "why";
    return f;
  }

  @Test
  void plansDryRunContainmentOnOpenOnly() {
    ActionPlanner planner = new ActionPlanner();
    List<RemediationAction> actions = planner.plan(finding("CRYPTO_MINING", "OPEN"));
    assertThat(actions).extracting(a -> a.type).containsExactly("QUARANTINE", "ISOLATE_NETWORK");
    assertThat(actions).allMatch(a -> a.mode.equals("DRY_RUN"));
    assertThat(actions.get(0).target)
        .isEqualTo("arn:aws:lambda:us-east-1:111122223333:function:miner");
    assertThat(actions.get(0).expiresAt).isEqualTo(1_000 + ActionPlanner.DEFAULT_EXPIRY_MS);
    assertThat(planner.plan(finding("CRYPTO_MINING", "UPDATE"))).isEmpty();
    assertThat(planner.plan(finding("CRYPTO_MINING", "OPEN")).get(0).id)
        .isEqualTo(actions.get(0).id);
  }

  @Test
  void rightSizingProposesAMemorySize() {
    RemediationAction a =
        new ActionPlanner().plan(finding("MEMORY_OVERPROVISIONED", "OPEN")).get(0);
    assertThat(a.type).isEqualTo("RIGHTSIZE");
    assertThat(a.memorySizeMb).isEqualTo(256);
  }

  @Test
  void typesForMatchesWhatThePlannerPlansForEveryFindingType() {
    for (FindingType t : FindingType.values()) {
      Set<String> planned =
          new ActionPlanner()
              .plan(finding(t.name(), "OPEN")).stream()
                  .map(a -> a.type)
                  .collect(Collectors.toSet());
      assertThat(planned)
          .as(t.name())
          .isEqualTo(
              ActionPlanner.typesFor(t).stream().map(Enum::name).collect(Collectors.toSet()));
    }
  }

  @Test
  void policyRulesThatCanNeverTakeEffectAreRejected() {
    String bad =
        """
        apiVersion: vigil.io/v1
        kind: Policy
        metadata: {name: p}
        spec:
          selector: {}
          actions:
            - {finding: RECURSIVE_LOOP, action: THROTTLE, mode: enforce, reservedConcurrency: 5, expiry: 1h}
            - {finding: COST_SPIKE, action: THROTTLE, mode: enforce, reservedConcurrency: 5, expiry: 2d}
        """;
    PolicyLoadResult r = PolicyLoader.loadTexts(Map.of("p.yaml", bad));
    assertThat(r.valid()).isFalse();
    assertThat(r.errors().toString())
        .contains("spec.actions[0].action")
        .contains(
            "can never take effect: for RECURSIVE_LOOP the planner proposes only [QUARANTINE]")
        .contains("spec.actions[1].expiry");
    String good =
        bad.replace(
                "action: THROTTLE, mode: enforce, reservedConcurrency: 5, expiry: 1h",
                "action: QUARANTINE, mode: enforce, expiry: 1h")
            .replace("expiry: 2d", "expiry: 2h");
    assertThat(PolicyLoader.loadTexts(Map.of("p.yaml", good)).valid()).isTrue();
  }

  @Test
  void emittedCopiesKeepThePlannedLifetimeFromTheEmissionTime() {
    RemediationAction a = new ActionPlanner().plan(finding("RECURSIVE_LOOP", "OPEN")).get(0);
    RemediationAction e = a.emitted(5_000_000L, "aud");
    assertThat(e.createdAt).isEqualTo(5_000_000L);
    assertThat(e.expiresAt).isEqualTo(5_000_000L + ActionPlanner.DEFAULT_EXPIRY_MS);
    assertThat(e.audience).isEqualTo("aud");
    assertThat(e.schemaVersion).isEqualTo(RemediationAction.SCHEMA_VERSION);
    assertThat(a.createdAt).isEqualTo(1_000);
  }

  @Test
  void protectedFunctionGetsNotifyOnlyAndActionsCarryTags() {
    ActionPlanner planner = new ActionPlanner();
    Finding f = finding("CRYPTO_MINING", "OPEN");
    f.tags = FunctionTag.of(Map.of("vigil:protected", "TRUE", "team", "core"));
    List<RemediationAction> actions = planner.plan(f);
    assertThat(actions).extracting(a -> a.type).containsExactly("NOTIFY");
    assertThat(actions.get(0).reason)
        .startsWith("protected function (vigil:protected=true, would otherwise propose");
    assertThat(FunctionTag.toMap(actions.get(0).tags))
        .containsExactly(Map.entry("team", "core"), Map.entry("vigil:protected", "TRUE"));

    // A policy enforcing QUARANTINE cannot raise anything for a protected function either.
    PolicyLoadResult r =
        PolicyLoader.loadTexts(
            Map.of(
                "p.yaml",
                """
                apiVersion: vigil.io/v1
                kind: Policy
                metadata: {name: p}
                spec:
                  selector: {tags: {team: core}}
                  actions:
                    - {finding: CRYPTO_MINING, action: QUARANTINE, mode: enforce, expiry: 1h}
                """));
    RemediationAction q = planner.plan(finding("CRYPTO_MINING", "OPEN")).get(0);
    Map<String, String> tags = FunctionTag.toMap(f.tags);
    assertThat(r.orThrow().applyTo(q, FindingType.CRYPTO_MINING, tags).mode).isEqualTo("DRY_RUN");
    // Same tags without the protection: the tag selector matches and the rule raises the mode.
    RemediationAction q2 = planner.plan(finding("CRYPTO_MINING", "OPEN")).get(0);
    assertThat(r.orThrow().applyTo(q2, FindingType.CRYPTO_MINING, Map.of("team", "core")).mode)
        .isEqualTo("ENFORCE");
    // Protected with value false is not protected.
    f.tags = FunctionTag.of(Map.of("vigil:protected", "false"));
    assertThat(planner.plan(f))
        .extracting(a -> a.type)
        .containsExactly("QUARANTINE", "ISOLATE_NETWORK");
  }
}
