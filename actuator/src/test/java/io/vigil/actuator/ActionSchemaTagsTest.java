package io.vigil.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.action.RemediationAction;
import io.vigil.models.policy.FunctionTag;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tags on a (hostile) action message are bounded like AWS bounds them. */
class ActionSchemaTagsTest {
  static RemediationAction action() {
    RemediationAction a = new RemediationAction();
    a.id = "a-1";
    a.type = "NOTIFY";
    a.mode = "DRY_RUN";
    a.audience = "vigil";
    a.target = "arn:aws:lambda:us-east-1:123456789012:function:f";
    a.createdAt = 1000;
    a.expiresAt = 2000;
    return a;
  }

  @Test
  void tagsWithinAwsLimitsPassAndOthersAreRejected() {
    RemediationAction a = action();
    a.tags = FunctionTag.of(Map.of("team", "payments", "vigil:protected", "true"));
    assertThat(ActionSchema.problem(a, null)).isNull();
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 51; i++) many.put("k" + i, "v");
    a.tags = FunctionTag.of(many);
    assertThat(ActionSchema.problem(a, null)).isEqualTo("more than 50 tags");
    a.tags = FunctionTag.of(Map.of("k".repeat(129), "v"));
    assertThat(ActionSchema.problem(a, null)).isEqualTo("a tag key is missing or too long");
    a.tags = new FunctionTag[] {new FunctionTag(null, "v")};
    assertThat(ActionSchema.problem(a, null)).isEqualTo("a tag key is missing or too long");
    a.tags = FunctionTag.of(Map.of("k", "v".repeat(257)));
    assertThat(ActionSchema.problem(a, null)).isEqualTo("a tag value is too long");
  }
}
