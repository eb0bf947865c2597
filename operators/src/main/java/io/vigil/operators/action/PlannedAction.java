package io.vigil.operators.action;

import io.vigil.models.action.RemediationAction;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * An action planned under policies, with the policy rule that shaped it: {@code ruleKey} ({@code
 * policy/finding/action}) and that rule's {@code maxPerHour} (0 = unbounded). Actions no rule
 * applies to carry an empty rule key. A Flink POJO (no Kryo).
 */
public class PlannedAction {
  public String ruleKey = "";
  public int maxPerHour;
  public RemediationAction action;

  public PlannedAction() {}

  public PlannedAction(String ruleKey, int maxPerHour, RemediationAction action) {
    this.ruleKey = ruleKey;
    this.maxPerHour = maxPerHour;
    this.action = action;
  }

  /** Whether a rate limit applies. */
  public boolean limited() {
    return maxPerHour > 0 && !ruleKey.isEmpty();
  }

  /**
   * Limited actions are keyed by their rule (one count per rule across all parallel instances); the
   * others by function, so they spread over the instances.
   */
  public static final class Key implements KeySelector<PlannedAction, String> {
    @Override
    public String getKey(PlannedAction p) {
      return p.limited() ? "rule:" + p.ruleKey : "fn:" + String.valueOf(p.action.functionName);
    }
  }
}
