package io.vigil.actuator.store;

import io.vigil.models.action.RemediationAction;
import java.util.List;

/** The durable record of one action id. Mutable, but only ever replaced whole on disk. */
public final class LedgerEntry {
  /** Life cycle; see {@link ActionLedger} for the crash-safety argument. */
  public enum State {
    AWAITING_APPROVAL,
    /** Admitted but over the rate or behind an open breaker: retried each tick until expiry. */
    DEFERRED,
    /** About to call AWS; prior state captured. */
    INTENT,
    /** In effect in AWS; rolled back at {@code action.expiresAt}. */
    APPLIED,
    /** About to restore the prior state. */
    ROLLBACK_INTENT,
    ROLLED_BACK,
    DRY_RUN,
    DENIED,
    EXPIRED,
    NOTIFIED,
    PATCH_PROPOSED,
    FAILED;

    public boolean active() {
      return this == INTENT || this == APPLIED || this == ROLLBACK_INTENT;
    }
  }

  public String id;
  public State state;
  public RemediationAction action;

  /** Reserved concurrency before the action; null = none was set (unreserved). */
  public Integer priorConcurrency;

  /** VPC config before ISOLATE_NETWORK. */
  public List<String> priorSecurityGroups;

  public List<String> priorSubnets;
  public long updatedAt;
  public long appliedAt;
  public String note;

  public LedgerEntry() {}

  public LedgerEntry(RemediationAction action, State state, long at) {
    this.id = action.id;
    this.action = action;
    this.state = state;
    this.updatedAt = at;
  }
}
