package io.vigil.operators.source;

import io.vigil.models.event.RawRecord;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Unpacks a simulated fleet minute into its raw records, as if read from the Kinesis streams. */
public class SplitFleetMinuteFunction implements FlatMapFunction<FleetMinute, RawRecord> {
  public static final String UID = "split-fleet-minutes";
  public static final String NAME = "Simulated fleet: records";

  @Override
  public void flatMap(FleetMinute minute, Collector<RawRecord> out) {
    for (RawRecord r : minute.records) out.collect(r);
  }
}
