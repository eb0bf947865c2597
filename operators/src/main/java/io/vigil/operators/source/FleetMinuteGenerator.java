package io.vigil.operators.source;

import io.vigil.models.event.RawRecord;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import java.util.List;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * Generates fleet minute N on request. The simulator is sequential and deterministic by seed, so
 * after a restore from checkpoint the generator fast-forwards to the requested minute and produces
 * exactly the records the failed run would have produced.
 */
public class FleetMinuteGenerator implements GeneratorFunction<Long, FleetMinute> {
  private static final long serialVersionUID = 1L;

  private final SimulationConfig config;
  private transient FleetSimulator simulator;
  private transient long nextIndex;

  public FleetMinuteGenerator(SimulationConfig config) {
    this.config = config;
  }

  @Override
  public void open(SourceReaderContext readerContext) {
    simulator = new FleetSimulator(config);
    nextIndex = 0;
  }

  @Override
  public FleetMinute map(Long index) {
    if (index < nextIndex) {
      simulator = new FleetSimulator(config); // rewound (e.g. a restore to an earlier checkpoint)
      nextIndex = 0;
    }
    while (nextIndex < index) {
      simulator.nextMinute();
      nextIndex++;
    }
    long start = simulator.currentMinuteStart();
    List<RawRecord> records = simulator.nextMinute();
    nextIndex++;
    return new FleetMinute(index, start, records.toArray(new RawRecord[0]));
  }
}
