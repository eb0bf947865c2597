package io.vigil.actuator.audit;

/**
 * Where decisions go besides the log. Implementations must be durable enough for an audit trail
 * (the JSONL sink flushes per event) and must not throw for a single bad event: the actuator treats
 * an exception here as fatal, because acting without an audit trail is not allowed.
 */
public interface AuditSink extends AutoCloseable {
  void record(AuditEvent event);

  /**
   * Waits up to {@code timeoutMs} until best-effort copies of what was recorded are delivered (the
   * Lambda handler calls it before returning, since a frozen sandbox runs no background thread).
   * True when nothing is left pending. Never throws; sinks that write synchronously return true.
   */
  default boolean flush(long timeoutMs) {
    return true;
  }

  @Override
  default void close() {}
}
