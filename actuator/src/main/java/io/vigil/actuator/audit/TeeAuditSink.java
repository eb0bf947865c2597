package io.vigil.actuator.audit;

/**
 * The JSONL trail first (its failure stays fatal, as the actuator requires), then a best-effort
 * copy (the Elasticsearch sink, which never throws). The copy never delays or breaks the trail.
 */
public final class TeeAuditSink implements AuditSink {
  private final AuditSink primary;
  private final AuditSink copy;

  public TeeAuditSink(AuditSink primary, AuditSink copy) {
    this.primary = primary;
    this.copy = copy;
  }

  @Override
  public void record(AuditEvent event) {
    primary.record(event);
    try {
      copy.record(event);
    } catch (RuntimeException e) {
      // A copy must not stop the actuator; the trail already has the event.
    }
  }

  @Override
  public boolean flush(long timeoutMs) {
    return primary.flush(timeoutMs) & copy.flush(timeoutMs);
  }

  @Override
  public void close() {
    try {
      copy.close();
    } finally {
      primary.close();
    }
  }
}
