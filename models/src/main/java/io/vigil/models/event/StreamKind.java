package io.vigil.models.event;

/** The three input streams Vigil reads. */
public enum StreamKind {
  LAMBDA_LOGS,
  FLOW_LOGS,
  BILLING
}
