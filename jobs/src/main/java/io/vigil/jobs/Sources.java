package io.vigil.jobs;

import io.vigil.jobs.options.SourceOptions;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.io.EniMapFile;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import io.vigil.operators.source.FleetMinute;
import io.vigil.operators.source.KinesisOptions;
import io.vigil.operators.source.KinesisSources;
import io.vigil.operators.source.RecordingReplayGenerator;
import io.vigil.operators.source.RecordingReplaySource;
import io.vigil.operators.source.RecordingReplayWatermarks;
import io.vigil.operators.source.SimulatedFleetSource;
import io.vigil.operators.source.SplitFleetMinuteFunction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The one place sources are built (simulator, Kinesis; replay plugs in here), each with its
 * watermarks assigned at the source.
 */
public final class Sources {
  private Sources() {}

  /** Raw records plus what the source knows about ENI ownership. */
  public record Input(DataStream<RawRecord> records, Map<String, String> eniToFunction) {}

  public static Input create(StreamExecutionEnvironment env, Configuration conf) {
    return switch (conf.get(VigilOptions.SOURCE)) {
      case SIMULATOR -> simulator(env, conf);
      case REPLAY -> replay(env, conf);
      case KINESIS -> kinesis(env, conf);
    };
  }

  /**
   * File name of the ENI map {@code vigil simulate} writes beside its recording; a replay without
   * vigil.flows.eni-map uses it.
   */
  public static final String RECORDING_ENI_MAP = "eni-map.json";

  /**
   * Recorded records, merged into event-time order. ENI ownership as for Kinesis: the
   * vigil.flows.eni-map file, else the recording's own {@value #RECORDING_ENI_MAP}, else none (then
   * vigil.flows.eni-lookup or the ENI itself).
   */
  private static Input replay(StreamExecutionEnvironment env, Configuration conf) {
    String input =
        conf.getOptional(VigilOptions.REPLAY_INPUT)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "vigil.replay.input: required with vigil.source=replay"));
    // Driven by the records alone (no wall clock, no idleness): replays are reproducible.
    boolean byArrival = conf.get(VigilOptions.REPLAY_ORDER) == SourceOptions.ReplayOrder.ARRIVAL;
    WatermarkStrategy<RawRecord> watermarks =
        RecordingReplayWatermarks.strategy(
            conf.get(VigilOptions.OUT_OF_ORDERNESS),
            replayWatermarkStep(conf),
            (r, previous) -> RecordingReplayGenerator.orderTime(r, byArrival));
    DataStream<RawRecord> records =
        env.fromSource(
                RecordingReplaySource.create(Path.of(input), byArrival),
                watermarks,
                RecordingReplaySource.NAME)
            .uid(RecordingReplaySource.UID)
            .setParallelism(1);
    return new Input(records, replayEniMap(conf, Path.of(input)));
  }

  static Map<String, String> replayEniMap(Configuration conf, Path recording) {
    Path beside = recording.resolve(RECORDING_ENI_MAP);
    return conf.getOptional(VigilOptions.FLOWS_ENI_MAP)
        .map(f -> EniMapFile.load(Path.of(f)))
        .orElseGet(
            () -> java.nio.file.Files.isRegularFile(beside) ? EniMapFile.load(beside) : Map.of());
  }

  /** The simulated fleet's ENI map, used by the simulator source. */
  private static Map<String, String> eniMap(Configuration conf) {
    return new FleetSimulator(simulationConfig(conf)).fleet().eniToFunction();
  }

  /** The Kinesis settings the options describe; errors name the option. */
  public static KinesisSources.Settings kinesisSettings(Configuration conf) {
    return KinesisOptions.settings(conf);
  }

  private static Input kinesis(StreamExecutionEnvironment env, Configuration conf) {
    KinesisSources.Settings settings = kinesisSettings(conf);
    Map<String, String> enis =
        conf.getOptional(VigilOptions.FLOWS_ENI_MAP)
            .map(f -> EniMapFile.load(java.nio.file.Path.of(f)))
            .orElse(Map.of());
    DataStream<RawRecord> union = null;
    for (StreamKind kind : StreamKind.values()) {
      DataStream<RawRecord> stream = KinesisSources.stream(env, kind, settings);
      union = union == null ? stream : union.union(stream);
    }
    return new Input(union, enis);
  }

  static SimulationConfig simulationConfig(Configuration conf) {
    SimulationConfig sim = new SimulationConfig();
    sim.seed = conf.get(VigilOptions.SIM_SEED);
    sim.functions = conf.get(VigilOptions.SIM_FUNCTIONS);
    sim.corruptEvery = conf.get(VigilOptions.SIM_CORRUPT_EVERY);
    sim.lateDelivery = conf.get(VigilOptions.SIM_LATE_DELIVERY);
    conf.getOptional(VigilOptions.SIM_SCENARIO)
        .ifPresent(path -> sim.scenarioYaml = readScenario(path));
    return sim;
  }

  private static String readScenario(String path) {
    try {
      String yaml = java.nio.file.Files.readString(java.nio.file.Path.of(path));
      io.vigil.models.sim.Scenario.parse(
          yaml); // fail fast, with the field named, before the job starts
      return yaml;
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "vigil.sim.scenario: cannot read " + path + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage());
    }
  }

  /** {@code vigil.replay.watermark-step}, 0 meaning the profile's bucket. */
  static Duration replayWatermarkStep(ReadableConfig conf) {
    Duration step = conf.get(VigilOptions.REPLAY_WATERMARK_STEP);
    if (step.isNegative()) {
      throw new IllegalArgumentException(
          VigilOptions.REPLAY_WATERMARK_STEP.key() + " must not be negative: " + step);
    }
    return step.isZero() ? conf.get(VigilOptions.BUCKET) : step;
  }

  private static Input simulator(StreamExecutionEnvironment env, Configuration conf) {
    SimulationConfig sim = simulationConfig(conf);
    // Built once here (cheap) to learn the ENI ownership the flow attribution needs.
    Map<String, String> enis = eniMap(conf);
    WatermarkStrategy<FleetMinute> watermarks =
        RecordingReplayWatermarks.strategy(
            conf.get(VigilOptions.OUT_OF_ORDERNESS), (m, previous) -> m.minuteStart);
    DataStream<RawRecord> records =
        env.fromSource(
                SimulatedFleetSource.create(
                    sim,
                    conf.get(VigilOptions.SIM_CLOCK_FACTOR),
                    conf.get(VigilOptions.SIM_MINUTES)),
                watermarks,
                SimulatedFleetSource.NAME)
            .uid(SimulatedFleetSource.UID)
            .setParallelism(1)
            .flatMap(new SplitFleetMinuteFunction())
            .uid(SplitFleetMinuteFunction.UID)
            .name(SplitFleetMinuteFunction.NAME)
            .setParallelism(1);
    return new Input(records, enis);
  }
}
