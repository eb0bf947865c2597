package io.vigil.models.action;

import io.vigil.models.Json;
import io.vigil.models.policy.FunctionTag;
import java.util.Arrays;
import java.util.Objects;

/**
 * A proposed remediation, published to the remediation topic (partition key = function). The id is
 * derived from the finding's incident and the action type, so re-emitting after a failure yields
 * the same id and the actuator applies it once.
 *
 * <p>Version 2: {@code target} (the function ARN) is the one identity the actuator acts on ({@code
 * accountId}, {@code region}, {@code functionName} are kept for reports and must agree with it);
 * {@code audience} names the deployment the message is meant for and is signed like every field.
 */
public class RemediationAction {
  public static final int SCHEMA_VERSION = 2;

  /** Longest lifetime (expiresAt - createdAt) the actuator accepts by default. */
  public static final long MAX_LIFETIME_MS = 24 * 3_600_000L;

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

  /** The function ARN: the only field the actuator acts on. */
  public String target;

  /** The deployment (by default the remediation stream name) the message is signed for. */
  public String audience;

  /** THROTTLE: reserved concurrency to set. */
  public int reservedConcurrency = -1;

  /** RIGHTSIZE: proposed memory size (MB). */
  public int memorySizeMb = -1;

  /** ISOLATE_NETWORK: quarantine security group id. */
  public String securityGroupId;

  public String reason;

  /**
   * The function's tags, sorted by key, for reports and dashboards (the actuator reads its own).
   */
  public FunctionTag[] tags;

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
        && Objects.equals(audience, a.audience)
        && Objects.equals(securityGroupId, a.securityGroupId)
        && Objects.equals(reason, a.reason)
        && Objects.equals(signature, a.signature)
        && Arrays.equals(tags, a.tags);
  }

  /** Time from creation to automatic rollback, as planned. */
  public long lifetimeMs() {
    return expiresAt - createdAt;
  }

  /**
   * A copy stamped for emission to the topic: current schema version, the audience, and the planned
   * lifetime re-based on {@code now} (simulated and replayed findings carry event times that may be
   * years old; the lifetime is what the planner and the policy decided).
   */
  public RemediationAction emitted(long now, String audience) {
    RemediationAction c = Json.read(Json.write(this), RemediationAction.class);
    long lifetime = Math.max(0, lifetimeMs());
    c.schemaVersion = SCHEMA_VERSION;
    c.audience = audience;
    c.createdAt = now;
    c.expiresAt = now + lifetime;
    c.signature = null;
    return c;
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
