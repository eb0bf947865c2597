package io.vigil.actuator;

/** What the actuator decided about one message or one ledger entry. */
public enum Decision {
  /** The change was made in AWS. */
  APPLIED,
  /** Would have acted (or been denied, see detail); dry-run changes nothing. */
  DRY_RUN,
  /** A guardrail refused: allow/deny list, protected tag, cooldown, rate limit, breaker. */
  DENIED,
  /** Waits for {@code vigil approve ID}. */
  AWAITING_APPROVAL,
  /** Approval did not come before the action expired. */
  EXPIRED,
  /** The prior state was restored (expiry or {@code vigil rollback ID}). */
  ROLLED_BACK,
  /** Bad signature or schema: nothing read from it is trusted. */
  REJECTED,
  /** The id was already decided; nothing done. */
  DUPLICATE,
  /** NOTIFY: recorded for humans. */
  NOTIFIED,
  /** RIGHTSIZE: a patch for the function's manifest was written; AWS untouched. */
  PATCH_PROPOSED,
  /** On restart, an in-flight action was found already in effect and marked done. */
  RECONCILED,
  /** The AWS call failed; the action is not retried. */
  FAILED,
  /** Over the rate limit or behind an open breaker: waits in the ledger until it can run. */
  DEFERRED,
  /** Not a decision on one action: the circuit breaker tripped (a flood), humans should look. */
  ALERT
}
