package io.vigil.jobs;

import io.vigil.models.action.RemediationAction;
import io.vigil.models.decode.DecoderConfig;
import io.vigil.models.detect.DetectorSettings;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.operators.OutputTags;
import io.vigil.operators.action.PlanActionsFunction;
import io.vigil.operators.decode.AttributeFlowsFunction;
import io.vigil.operators.decode.DecodeFunction;
import io.vigil.operators.detect.DetectFunction;
import io.vigil.operators.profile.ProfileFunction;
import io.vigil.operators.sink.FindingConsoleSink;
import io.vigil.operators.sink.JsonLinesSink;
import java.nio.file.Path;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Vigil dataflow: raw records -> decode -> attribute flows -> keyBy function -> profile ->
 * detect -> findings, actions, metrics, dead letters. Sources come from {@link Sources}; this class
 * only wires.
 */
public final class VigilJob {
  private VigilJob() {}

  /** Wires the whole job onto {@code env}. */
  public static void build(StreamExecutionEnvironment env, Configuration conf) {
    Sources.Input input = Sources.create(env, conf);
    build(input.records(), input.eniToFunction(), conf);
  }

  /** Wires the job onto given raw records (tests tap the source stream this way). */
  public static void build(
      DataStream<RawRecord> records,
      java.util.Map<String, String> eniToFunction,
      Configuration conf) {
    PriceTable prices =
        conf.getOptional(VigilOptions.PRICES_FILE)
            .map(f -> PriceTable.load(Path.of(f)))
            .orElseGet(PriceTable::defaults);
    long bucketMs = conf.get(VigilOptions.BUCKET).toMillis();
    long idleMs = conf.get(VigilOptions.IDLE_TIMEOUT).toMillis();
    int parallelism = conf.get(VigilOptions.PARALLELISM);
    DecoderConfig decoderConfig = new DecoderConfig();
    decoderConfig.defaultRegion = conf.get(VigilOptions.DEFAULT_REGION);

    SingleOutputStreamOperator<TelemetryEvent> decoded =
        records
            .process(new DecodeFunction(decoderConfig))
            .uid(DecodeFunction.UID)
            .name(DecodeFunction.NAME)
            .setParallelism(parallelism);
    DataStream<DeadLetter> deadLetters = decoded.getSideOutput(OutputTags.DEAD_LETTERS);

    SingleOutputStreamOperator<MetricBucket> buckets =
        decoded
            .map(new AttributeFlowsFunction(eniToFunction))
            .uid(AttributeFlowsFunction.UID)
            .name(AttributeFlowsFunction.NAME)
            .setParallelism(parallelism)
            .keyBy(new EventKey())
            .process(new ProfileFunction(bucketMs, idleMs, prices))
            .uid(ProfileFunction.UID)
            .name(ProfileFunction.NAME)
            .setParallelism(parallelism);

    // Buckets keep their function key: no second shuffle between profile and detection.
    SingleOutputStreamOperator<Finding> findings =
        DataStreamUtils.reinterpretAsKeyedStream(buckets, new BucketKey())
            .process(new DetectFunction(new DetectorSettings(), prices, idleMs))
            .uid(DetectFunction.UID)
            .name(DetectFunction.NAME)
            .setParallelism(parallelism);

    DataStream<RemediationAction> actions =
        findings
            .flatMap(new PlanActionsFunction())
            .uid(PlanActionsFunction.UID)
            .name(PlanActionsFunction.NAME)
            .setParallelism(parallelism);

    String out = conf.get(VigilOptions.OUTPUT_DIR);
    findings
        .sinkTo(new JsonLinesSink<>(out, "findings"))
        .uid("sink-findings")
        .name("Findings -> findings.jsonl")
        .setParallelism(1);
    buckets
        .sinkTo(new JsonLinesSink<>(out, "metrics"))
        .uid("sink-metrics")
        .name("Metrics -> metrics.jsonl")
        .setParallelism(1);
    actions
        .sinkTo(new JsonLinesSink<>(out, "actions"))
        .uid("sink-actions")
        .name("Actions -> actions.jsonl")
        .setParallelism(1);
    deadLetters
        .sinkTo(new JsonLinesSink<>(out, "dead-letters"))
        .uid("sink-dead-letters")
        .name("Dead letters -> dead-letters.jsonl")
        .setParallelism(1);
    if (conf.get(VigilOptions.CONSOLE)) {
      findings
          .sinkTo(new FindingConsoleSink())
          .uid("sink-console")
          .name("Findings -> console")
          .setParallelism(1);
    }
  }

  /** Key of a telemetry event: its function key. */
  public static final class EventKey implements KeySelector<TelemetryEvent, String> {
    @Override
    public String getKey(TelemetryEvent e) {
      return e.key;
    }
  }

  /** Key of a metric bucket: its function key. */
  public static final class BucketKey implements KeySelector<MetricBucket, String> {
    @Override
    public String getKey(MetricBucket b) {
      return b.functionKey;
    }
  }
}
