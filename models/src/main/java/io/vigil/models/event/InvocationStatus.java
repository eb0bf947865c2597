package io.vigil.models.event;

/** Outcome of one Lambda invocation, as far as its logs tell. */
public enum InvocationStatus {
  SUCCESS,
  ERROR,
  TIMEOUT,
  OUT_OF_MEMORY,
  THROTTLED
}
