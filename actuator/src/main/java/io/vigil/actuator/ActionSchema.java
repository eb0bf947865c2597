package io.vigil.actuator;

import io.vigil.actuator.store.AtomicFiles;
import io.vigil.models.action.ActionMode;
import io.vigil.models.action.ActionType;
import io.vigil.models.action.RemediationAction;

/** Schema checks on a (signature-verified) message: what the actuator agrees to act on. */
public final class ActionSchema {
  private ActionSchema() {}

  /** Null when valid, else why not. */
  public static String problem(RemediationAction a, String defaultQuarantineSg) {
    if (a.schemaVersion != RemediationAction.SCHEMA_VERSION) {
      return "unsupported schemaVersion " + a.schemaVersion;
    }
    if (!AtomicFiles.safeName(a.id)) return "missing or unsafe id";
    ActionType type;
    try {
      type = ActionType.valueOf(String.valueOf(a.type));
    } catch (IllegalArgumentException e) {
      return "unknown type '" + a.type + "'";
    }
    try {
      ActionMode.valueOf(String.valueOf(a.mode));
    } catch (IllegalArgumentException e) {
      return "unknown mode '" + a.mode + "'";
    }
    if (a.functionName == null || !a.functionName.matches("[A-Za-z0-9_-]{1,64}")) {
      return "functionName must be a Lambda function name";
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
    if (isContainment(type) && a.expiresAt <= a.createdAt) {
      return "containment needs expiresAt after createdAt";
    }
    return null;
  }

  public static boolean isContainment(ActionType t) {
    return t == ActionType.THROTTLE
        || t == ActionType.QUARANTINE
        || t == ActionType.ISOLATE_NETWORK;
  }
}
