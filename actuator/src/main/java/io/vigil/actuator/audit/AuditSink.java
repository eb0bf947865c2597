package io.vigil.actuator.audit;

/**
 * Where decisions go besides the log. Implementations must be durable enough for an audit trail
 * (the JSONL sink flushes per event) and must not throw for a single bad event: the actuator treats
 * an exception here as fatal, because acting without an audit trail is not allowed.
 */
public interface AuditSink extends AutoCloseable {
  void record(AuditEvent event);

  @Override
  default void close() {}
}
