package io.vigil.models.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import org.junit.jupiter.api.Test;

/**
 * Late delivery: records leave the simulator when they arrive, flows 1-5 min, billing 2-6 h late.
 */
class LateDeliveryTest {
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;

  @Test
  void recordsAreEmittedInArrivalOrderWithRealisticDelays() {
    SimulationConfig config = new SimulationConfig();
    config.functions = 12;
    config.lateDelivery = true;
    FleetSimulator sim = new FleetSimulator(config);
    long previousArrival = Long.MIN_VALUE;
    int flows = 0;
    int billing = 0;
    for (int m = 0; m < 10 * 60; m++) {
      long minuteStart = sim.currentMinuteStart();
      for (RawRecord r : sim.nextMinute()) {
        assertThat(r.arrivalTimestamp).isGreaterThanOrEqualTo(previousArrival);
        assertThat(r.arrivalTimestamp).isLessThan(minuteStart + MINUTE);
        previousArrival = r.arrivalTimestamp;
        long delay = r.arrivalTimestamp - r.eventTimestamp;
        if (r.streamKind() == StreamKind.FLOW_LOGS) {
          flows++;
          assertThat(delay).isBetween(MINUTE + MINUTE, MINUTE + 5 * MINUTE);
        } else if (r.streamKind() == StreamKind.BILLING) {
          billing++;
          assertThat(delay).isBetween(HOUR + 2 * HOUR, HOUR + 6 * HOUR);
        }
      }
    }
    assertThat(flows).isPositive();
    assertThat(billing).isPositive();
  }
}
