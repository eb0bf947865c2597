package io.vigil.actuator;

import io.vigil.actuator.store.AtomicFiles;
import io.vigil.models.action.ActionMode;
import io.vigil.models.action.ActionType;
import io.vigil.models.action.RemediationAction;

/**
 * Schema checks on a (signature-verified) message: what the actuator agrees to read. Identity and
 * freshness against this actuator (account, region, audience, clock) are checked by {@link
 * Actuator}; these are the checks that need nothing but the message.
 */
public final class ActionSchema {
  /** Longest {@code reason} kept; a longer one is rejected rather than truncated (it is signed). */
  public static final int MAX_REASON_CHARS = 2048;

  /** Longest value of any other text field. */
  public static final int MAX_FIELD_CHARS = 256;

  private ActionSchema() {}

  /** Null when valid, else why not. */
  public static String problem(RemediationAction a, String defaultQuarantineSg) {
    if (a.schemaVersion != RemediationAction.SCHEMA_VERSION) {
      return "unsupported schemaVersion " + a.schemaVersion;
    }
    if (!AtomicFiles.safeName(a.id)) return "missing or unsafe id";
    String tooLong = tooLong(a);
    if (tooLong != null) return tooLong;
    ActionType type = typeOf(a);
    if (type == null) return "unknown type";
    if (modeOf(a) == null) return "unknown mode";
    if (a.audience == null || a.audience.isEmpty()) return "audience missing";
    Target t = Target.parse(a.target).orElse(null);
    if (t == null) return "target must be an unqualified Lambda function ARN";
    if (a.functionName != null && !a.functionName.equals(t.name())
        || a.accountId != null && !a.accountId.equals(t.accountId())
        || a.region != null && !a.region.equals(t.region())) {
      return "functionName/accountId/region disagree with the target ARN";
    }
    switch (type) {
      case THROTTLE -> {
        if (a.reservedConcurrency < 1) return "THROTTLE needs reservedConcurrency >= 1";
      }
      case ISOLATE_NETWORK -> {
        String sg = a.securityGroupId != null ? a.securityGroupId : defaultQuarantineSg;
        if (sg == null || !sg.matches("sg-[0-9a-f]{8,17}")) {
          return "ISOLATE_NETWORK needs a quarantine securityGroupId";
        }
      }
      case RIGHTSIZE -> {
        if (a.memorySizeMb < 128 || a.memorySizeMb > 10240) {
          return "RIGHTSIZE needs memorySizeMb in 128..10240";
        }
      }
      default -> {}
    }
    if (a.createdAt <= 0) return "createdAt missing";
    if (a.expiresAt <= a.createdAt) return "expiresAt must be after createdAt";
    return null;
  }

  private static String tooLong(RemediationAction a) {
    if (a.reason != null && a.reason.length() > MAX_REASON_CHARS) {
      return "reason longer than " + MAX_REASON_CHARS + " chars";
    }
    // Tags are informational (the actuator reads the live ones itself); AWS's own limits bound
    // them.
    if (a.tags != null) {
      if (a.tags.length > 50) return "more than 50 tags";
      for (var t : a.tags) {
        if (t == null || t.key == null || t.key.length() > 128)
          return "a tag key is missing or too long";
        if (t.value != null && t.value.length() > MAX_FIELD_CHARS) return "a tag value is too long";
      }
    }
    for (String v :
        new String[] {
          a.findingId,
          a.incidentId,
          a.type,
          a.mode,
          a.accountId,
          a.region,
          a.functionName,
          a.target,
          a.audience,
          a.securityGroupId
        }) {
      if (v != null && v.length() > MAX_FIELD_CHARS) {
        return "a field is longer than " + MAX_FIELD_CHARS + " chars";
      }
    }
    return null;
  }

  /** The type when it is a known name, else null (safe to show in an audit line). */
  public static ActionType typeOf(RemediationAction a) {
    for (ActionType t : ActionType.values()) if (t.name().equals(a.type)) return t;
    return null;
  }

  public static ActionMode modeOf(RemediationAction a) {
    for (ActionMode m : ActionMode.values()) if (m.name().equals(a.mode)) return m;
    return null;
  }

  public static boolean isContainment(ActionType t) {
    return t == ActionType.THROTTLE
        || t == ActionType.QUARANTINE
        || t == ActionType.ISOLATE_NETWORK;
  }
}
