package io.vigil.models.action;

import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FindingType;
import io.vigil.models.policy.FunctionTag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Default finding -> action mapping, used until a policy says otherwise. Everything is DRY_RUN:
 * only a policy can raise a mode. Actions are planned when an incident OPENs. A finding whose
 * function is tagged {@code vigil:protected=true} gets one NOTIFY and nothing else. Actions carry
 * the finding's tags.
 */
public final class ActionPlanner {
  /** How long an enforced containment lasts before automatic rollback. */
  public static final long DEFAULT_EXPIRY_MS = 60 * 60_000L;

  /**
   * The action types {@link #plan} can produce for a finding type: a policy rule mapping the type
   * to anything else can never take effect ({@code PolicySet.applyTo} only raises planned types).
   */
  public static Set<ActionType> typesFor(FindingType type) {
    return switch (type) {
      case RECURSIVE_LOOP -> EnumSet.of(ActionType.QUARANTINE);
      case INVOCATION_SPIKE, COST_SPIKE -> EnumSet.of(ActionType.THROTTLE);
      case CRYPTO_MINING -> EnumSet.of(ActionType.QUARANTINE, ActionType.ISOLATE_NETWORK);
      case EGRESS_EXFILTRATION -> EnumSet.of(ActionType.ISOLATE_NETWORK);
      case MEMORY_OVERPROVISIONED -> EnumSet.of(ActionType.RIGHTSIZE);
      default -> EnumSet.of(ActionType.NOTIFY);
    };
  }

  public List<RemediationAction> plan(Finding f) {
    List<RemediationAction> out = new ArrayList<>(2);
    if (!"OPEN".equals(f.status)) return out;
    FindingType type = f.typeKind();
    if (FunctionTag.isProtected(f.tags)) {
      // vigil:protected=true: tell people, never propose changing the function.
      out.add(action(f, ActionType.NOTIFY, "protected function (" + protectedNote(type) + ")"));
      return out;
    }
    switch (type) {
      case RECURSIVE_LOOP -> out.add(action(f, ActionType.QUARANTINE, "stop a runaway loop"));
      case INVOCATION_SPIKE, COST_SPIKE -> {
        RemediationAction a =
            action(f, ActionType.THROTTLE, "cap concurrency while the spike is reviewed");
        a.reservedConcurrency = 10;
        out.add(a);
      }
      case CRYPTO_MINING -> {
        out.add(action(f, ActionType.QUARANTINE, "mining traffic: stop the function"));
        out.add(action(f, ActionType.ISOLATE_NETWORK, "mining traffic: cut its network"));
      }
      case EGRESS_EXFILTRATION ->
          out.add(action(f, ActionType.ISOLATE_NETWORK, "possible exfiltration"));
      case MEMORY_OVERPROVISIONED -> {
        RemediationAction a = action(f, ActionType.RIGHTSIZE, "memory far above use");
        a.memorySizeMb = (int) Math.max(128, Math.ceil(f.observed * 1.3 / 64.0) * 64);
        out.add(a);
      }
      default -> out.add(action(f, ActionType.NOTIFY, f.type.toLowerCase().replace('_', ' ')));
    }
    return out;
  }

  private static String protectedNote(FindingType type) {
    Set<ActionType> would = typesFor(type);
    would.remove(ActionType.NOTIFY);
    return FunctionTag.PROTECTED
        + "=true"
        + (would.isEmpty() ? "" : ", would otherwise propose " + would);
  }

  private static RemediationAction action(Finding f, ActionType type, String reason) {
    RemediationAction a = new RemediationAction();
    a.id = Finding.stableId("action", f.incidentId, type);
    a.findingId = f.id;
    a.incidentId = f.incidentId;
    a.type = type.name();
    a.mode = ActionMode.DRY_RUN.name();
    a.accountId = f.accountId;
    a.region = f.region;
    a.functionName = f.functionName;
    a.target = "arn:aws:lambda:" + f.region + ":" + f.accountId + ":function:" + f.functionName;
    a.reason = reason + ": " + f.explanation;
    a.tags = f.tags == null ? null : f.tags.clone();
    // Event time here; the topic writer re-bases the lifetime on the emission time.
    a.createdAt = f.windowEnd;
    a.expiresAt = f.windowEnd + DEFAULT_EXPIRY_MS;
    return a;
  }
}
