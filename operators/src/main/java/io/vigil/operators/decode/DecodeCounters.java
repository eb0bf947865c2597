package io.vigil.operators.decode;

import io.vigil.models.event.TelemetryEvent;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The decode stage's counters, one set per subtask of the operator with uid {@code decode-records}
 * whichever path decoded: records in, events per type, dead letters per reason, control messages
 * and skipped lines. Used from the task thread only.
 */
final class DecodeCounters {
  private final MetricGroup metrics;
  // Events per type, registered when the first of the type comes (fields, not a map whose
  // computeIfAbsent allocated a capturing lambda per event: ~2% of the source thread in JFR).
  private Counter invocationsIn;
  private Counter flowsIn;
  private Counter billingIn;
  private final Map<String, Counter> deadLetters = new HashMap<>();
  private final Counter recordsIn;
  private final Counter controlMessages;
  private final Counter skippedLines;

  DecodeCounters(MetricGroup metrics) {
    this.metrics = metrics;
    recordsIn = metrics.counter("recordsIn");
    controlMessages = metrics.counter("controlMessages");
    skippedLines = metrics.counter("skippedLines");
  }

  void record(int controls, int skipped) {
    recordsIn.inc();
    controlMessages.inc(controls);
    skippedLines.inc(skipped);
  }

  void event(TelemetryEvent e) {
    if (e.invocation != null) {
      if (invocationsIn == null) invocationsIn = eventsIn("invocation");
      invocationsIn.inc();
    } else if (e.flow != null) {
      if (flowsIn == null) flowsIn = eventsIn("flow");
      flowsIn.inc();
    } else {
      if (billingIn == null) billingIn = eventsIn("billing");
      billingIn.inc();
    }
  }

  private Counter eventsIn(String kind) {
    return metrics.addGroup("eventType", kind).counter("eventsIn");
  }

  void deadLetter(String reason) {
    deadLetters
        .computeIfAbsent(reason, r -> metrics.addGroup("reason", r).counter("deadLetters"))
        .inc();
  }
}
