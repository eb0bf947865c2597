package io.vigil.models.action;

/** What the actuator may do. */
public enum ActionType {
  /** Set reserved concurrency to N. */
  THROTTLE,
  /** Set reserved concurrency to 0 (Cloud Custodian's "suspend"). */
  QUARANTINE,
  /** Swap the function's security groups for a quarantine group. */
  ISOLATE_NETWORK,
  /** Propose a memory change as a GitOps patch; never applied directly. */
  RIGHTSIZE,
  /** Tell humans; no change. */
  NOTIFY
}
