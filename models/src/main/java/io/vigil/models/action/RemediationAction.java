package io.vigil.models.action;

import java.util.Objects;

/**
 * A proposed remediation, published to the remediation topic (partition key = function). The id is
 * derived from the finding's incident and the action type, so re-emitting after a failure yields
 * the same id and the actuator applies it once.
 */
public class RemediationAction {
  public static final int SCHEMA_VERSION = 1;

  public int schemaVersion = SCHEMA_VERSION;
  public String id;
  public String findingId;
  public String incidentId;

  /** {@link ActionType} name. */
  public String type;

  /** {@link ActionMode} name. */
  public String mode = ActionMode.DRY_RUN.name();

  public String accountId;
  public String region;
  public String functionName;

  /** Target ARN (function ARN), when known. */
  public String target;

  /** THROTTLE: reserved concurrency to set. */
  public int reservedConcurrency = -1;

  /** RIGHTSIZE: proposed memory size (MB). */
  public int memorySizeMb = -1;

  /** ISOLATE_NETWORK: quarantine security group id. */
  public String securityGroupId;

  public String reason;
  public long createdAt;

  /** When an enforced action is rolled back automatically, epoch ms. */
  public long expiresAt;

  /** HMAC-SHA256 over the canonical form, base64; set by the topic writer. */
  public String signature;

  public RemediationAction() {}

  public ActionType typeKind() {
    return ActionType.valueOf(type);
  }

  public ActionMode modeKind() {
    return ActionMode.valueOf(mode);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RemediationAction a)) return false;
    return schemaVersion == a.schemaVersion
        && reservedConcurrency == a.reservedConcurrency
        && memorySizeMb == a.memorySizeMb
        && createdAt == a.createdAt
        && expiresAt == a.expiresAt
        && Objects.equals(id, a.id)
        && Objects.equals(findingId, a.findingId)
        && Objects.equals(incidentId, a.incidentId)
        && Objects.equals(type, a.type)
        && Objects.equals(mode, a.mode)
        && Objects.equals(accountId, a.accountId)
        && Objects.equals(region, a.region)
        && Objects.equals(functionName, a.functionName)
        && Objects.equals(target, a.target)
        && Objects.equals(securityGroupId, a.securityGroupId)
        && Objects.equals(reason, a.reason)
        && Objects.equals(signature, a.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id);
  }

  @Override
  public String toString() {
    return "RemediationAction{" + id + " " + type + " " + mode + " " + functionName + "}";
  }
}
