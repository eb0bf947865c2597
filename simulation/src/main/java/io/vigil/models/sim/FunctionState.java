package io.vigil.models.sim;

import io.vigil.models.finding.FindingType;
import java.util.ArrayList;
import java.util.List;

/** Mutable per-function simulation state: effective spec, incidents, hourly usage. */
final class FunctionState {
  final int index;
  final FunctionSpec spec;
  final List<Incident> incidents = new ArrayList<>();

  /** Requests and GB-seconds of the current billing hour. */
  long hourRequests;

  double hourGbSeconds;

  /** Next port a PORT_SCAN probes. */
  int scanPort = 1;

  FunctionState(int index, FunctionSpec spec) {
    this.index = index;
    this.spec = spec;
  }

  Incident active(FindingType type, long minuteIndex) {
    for (Incident i : incidents) if (i.type == type && i.activeAt(minuteIndex)) return i;
    return null;
  }

  Incident find(FindingType type) {
    for (Incident i : incidents) if (i.type == type) return i;
    return null;
  }
}
