package io.vigil.models.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.finding.Finding;
import java.util.List;
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
}
