package io.vigil.operators.source;

import io.vigil.models.event.RawRecord;

/** All records the simulated fleet produced in one fleet minute: the simulator source's element. */
public class FleetMinute {
  public long minuteIndex;
  public long minuteStart;
  public RawRecord[] records;

  public FleetMinute() {}

  public FleetMinute(long minuteIndex, long minuteStart, RawRecord[] records) {
    this.minuteIndex = minuteIndex;
    this.minuteStart = minuteStart;
    this.records = records;
  }
}
