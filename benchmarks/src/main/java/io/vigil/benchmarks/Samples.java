package io.vigil.benchmarks;

import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import java.util.ArrayList;
import java.util.List;

/** Benchmark inputs: records of the simulated fleet, in the real AWS formats. */
final class Samples {
  private Samples() {}

  static List<RawRecord> records(StreamKind kind, int minutes) {
    return records(kind, minutes, new SimulationConfig().jsonLogShare);
  }

  /** Records of one stream; {@code jsonLogShare} of the functions log in Lambda's JSON format. */
  static List<RawRecord> records(StreamKind kind, int minutes, double jsonLogShare) {
    FleetSimulator sim = new FleetSimulator(new SimulationConfig().jsonLogShare(jsonLogShare));
    List<RawRecord> out = new ArrayList<>();
    for (int m = 0; m < minutes; m++) {
      for (RawRecord r : sim.nextMinute()) if (r.streamKind() == kind) out.add(r);
    }
    return out;
  }
}
