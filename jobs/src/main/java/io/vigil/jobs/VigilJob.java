package io.vigil.jobs;

import io.vigil.jobs.sink.RemediationTopicSink;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.decode.DecoderConfig;
import io.vigil.models.detect.DetectorSettings;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.finding.Feedback;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.policy.PolicyLoader;
import io.vigil.models.profile.PriceTable;
import io.vigil.operators.OutputTags;
import io.vigil.operators.action.ControlEvent;
import io.vigil.operators.action.LimitActionsFunction;
import io.vigil.operators.action.PlanActionsFunction;
import io.vigil.operators.action.PlannedAction;
import io.vigil.operators.action.PolicyActionsFunction;
import io.vigil.operators.action.PolicyBundle;
import io.vigil.operators.decode.AttributeFlowsFunction;
import io.vigil.operators.decode.DecodeFunction;
import io.vigil.operators.detect.DetectFunction;
import io.vigil.operators.detect.PolicyDetectFunction;
import io.vigil.operators.enrich.EniLookupFunction;
import io.vigil.operators.enrich.FunctionLookupFunction;
import io.vigil.operators.profile.ProfileFunction;
import io.vigil.operators.sink.FindingConsoleSink;
import io.vigil.operators.sink.JsonLinesSink;
import io.vigil.operators.source.FolderSource;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
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
    // The simulator and replay sources are one ordered subtask: decoding them on one subtask too
    // gives every function a single channel into the keyed operators, so runs, replays and
    // restores see each function's events in the same order (first-seen destinations, late
    // folding) and produce identical findings. Kinesis shards are decoded in parallel.
    int decodeParallelism = "kinesis".equals(conf.get(VigilOptions.SOURCE)) ? parallelism : 1;
    DecoderConfig decoderConfig = new DecoderConfig();
    decoderConfig.defaultRegion = conf.get(VigilOptions.DEFAULT_REGION);

    SingleOutputStreamOperator<TelemetryEvent> decoded =
        records
            .process(new DecodeFunction(decoderConfig))
            .uid(DecodeFunction.UID)
            .name(DecodeFunction.NAME)
            .setParallelism(decodeParallelism);
    DataStream<DeadLetter> deadLetters = decoded.getSideOutput(OutputTags.DEAD_LETTERS);

    DataStream<TelemetryEvent> attributed =
        decoded
            .map(new AttributeFlowsFunction(eniToFunction))
            .uid(AttributeFlowsFunction.UID)
            .name(AttributeFlowsFunction.NAME)
            .setParallelism(decodeParallelism);
    if (conf.get(VigilOptions.ENI_LOOKUP)) {
      // Ordered for the single ordered input (simulator, replay), so lookups cannot reorder a
      // function's events; Kinesis shards have no order across them to keep.
      attributed =
          (decodeParallelism == 1
                  ? AsyncDataStream.orderedWait(
                      attributed, eniLookup(conf), 5, TimeUnit.SECONDS, 100)
                  : AsyncDataStream.unorderedWait(
                      attributed, eniLookup(conf), 5, TimeUnit.SECONDS, 100))
              .uid(EniLookupFunction.UID)
              .name(EniLookupFunction.NAME)
              .setParallelism(decodeParallelism);
    }

    SingleOutputStreamOperator<MetricBucket> buckets =
        attributed
            .keyBy(new EventKey())
            .process(new ProfileFunction(bucketMs, idleMs, prices))
            .uid(ProfileFunction.UID)
            .name(ProfileFunction.NAME)
            .setParallelism(parallelism);

    // One control broadcast (policy bundles and human feedback) feeds both detection (settings,
    // budgets, suppression) and action planning (policies only).
    boolean withPolicies = conf.getOptional(VigilOptions.POLICY_DIR).isPresent();
    DataStream<ControlEvent> control = null;
    if (withPolicies) {
      String policyDir = conf.get(VigilOptions.POLICY_DIR);
      // Fail fast: the job does not start on an invalid policy folder.
      PolicyLoader.load(Path.of(policyDir)).orThrow();
      control =
          records
              .getExecutionEnvironment()
              .addSource(
                  FolderSource.policies(
                      policyDir, conf.get(VigilOptions.POLICY_RELOAD_INTERVAL).toMillis()),
                  "Policies",
                  TypeInformation.of(PolicyBundle.class))
              .uid("source-policies")
              .setParallelism(1)
              .map(ControlEvent::of, TypeInformation.of(ControlEvent.class))
              .uid("control-policies")
              .name("Policies -> control")
              .setParallelism(1);
    }
    if (conf.getOptional(VigilOptions.FEEDBACK_DIR).isPresent()) {
      DataStream<ControlEvent> feedback =
          records
              .getExecutionEnvironment()
              .addSource(
                  FolderSource.feedback(
                      conf.get(VigilOptions.FEEDBACK_DIR),
                      conf.get(VigilOptions.FEEDBACK_POLL_INTERVAL).toMillis()),
                  "Feedback",
                  TypeInformation.of(Feedback.class))
              .uid("source-feedback")
              .setParallelism(1)
              .map(ControlEvent::of, TypeInformation.of(ControlEvent.class))
              .uid("control-feedback")
              .name("Feedback -> control")
              .setParallelism(1);
      control = control == null ? feedback : control.union(feedback);
    }
    BroadcastStream<ControlEvent> controls =
        control == null
            ? null
            : control.broadcast(PolicyActionsFunction.POLICY_FILES, PolicyDetectFunction.FEEDBACK);

    // Buckets keep their function key: no second shuffle between profile and detection.
    SingleOutputStreamOperator<Finding> detected =
        controls == null
            ? DataStreamUtils.reinterpretAsKeyedStream(buckets, new BucketKey())
                .process(new DetectFunction(new DetectorSettings(), prices, idleMs))
                .uid(DetectFunction.UID)
                .name(DetectFunction.NAME)
                .setParallelism(parallelism)
            : DataStreamUtils.reinterpretAsKeyedStream(buckets, new BucketKey())
                .connect(controls)
                .process(new PolicyDetectFunction(prices, idleMs))
                .uid(DetectFunction.UID)
                .name(DetectFunction.NAME + " under policies and feedback")
                .setParallelism(parallelism);

    DataStream<Finding> findings = detected;
    if (conf.get(VigilOptions.FUNCTION_LOOKUP)) {
      // Live tags from the Lambda API before planning and the sinks; ordered, so a function's
      // findings keep their order (OPEN before UPDATE before RESOLVED).
      findings =
          AsyncDataStream.orderedWait(detected, functionLookup(conf), 10, TimeUnit.SECONDS, 100)
              .uid(FunctionLookupFunction.UID)
              .name(FunctionLookupFunction.NAME)
              .setParallelism(parallelism);
    }

    String out = conf.get(VigilOptions.OUTPUT_DIR);
    DataStream<RemediationAction> actions;
    if (withPolicies) {
      SingleOutputStreamOperator<PlannedAction> planned =
          findings
              .connect(controls)
              .process(new PolicyActionsFunction())
              .uid(PolicyActionsFunction.UID)
              .name(PolicyActionsFunction.NAME)
              .setParallelism(parallelism);
      planned
          .getSideOutput(PolicyActionsFunction.REJECTED)
          .sinkTo(JsonLinesSink.create(out, "policy-rejections"))
          .uid("sink-policy-rejections")
          .name("Rejected policy updates -> policy-rejections.jsonl")
          .setParallelism(1);
      SingleOutputStreamOperator<RemediationAction> limited =
          planned
              .keyBy(new PlannedAction.Key())
              .process(new LimitActionsFunction())
              .uid(LimitActionsFunction.UID)
              .name(LimitActionsFunction.NAME)
              .setParallelism(parallelism);
      limited
          .getSideOutput(LimitActionsFunction.SUPPRESSED)
          .sinkTo(JsonLinesSink.create(out, "suppressed-actions"))
          .uid("sink-suppressed-actions")
          .name("Actions over maxPerHour -> suppressed-actions")
          .setParallelism(1);
      actions = limited;
    } else {
      actions =
          findings
              .flatMap(new PlanActionsFunction())
              .uid(PlanActionsFunction.UID)
              .name(PlanActionsFunction.NAME)
              .setParallelism(parallelism);
    }

    findings
        .sinkTo(JsonLinesSink.create(out, "findings"))
        .uid("sink-findings")
        .name("Findings -> findings.jsonl")
        .setParallelism(1);
    if (controls != null) {
      detected
          .getSideOutput(OutputTags.SUPPRESSED_FINDINGS)
          .sinkTo(JsonLinesSink.create(out, "suppressed-findings"))
          .uid("sink-suppressed-findings")
          .name("Suppressed findings -> suppressed-findings.jsonl")
          .setParallelism(1);
    }
    buckets
        .sinkTo(JsonLinesSink.create(out, "metrics"))
        .uid("sink-metrics")
        .name("Metrics -> metrics.jsonl")
        .setParallelism(1);
    actions
        .sinkTo(JsonLinesSink.create(out, "actions"))
        .uid("sink-actions")
        .name("Actions -> actions.jsonl")
        .setParallelism(1);
    if (conf.getOptional(VigilOptions.REMEDIATION_STREAM).isPresent()) {
      actions
          .sinkTo(
              RemediationTopicSink.fromEnvironment(
                  conf.get(VigilOptions.REMEDIATION_STREAM),
                  conf.get(VigilOptions.REMEDIATION_REGION),
                  conf.getOptional(VigilOptions.REMEDIATION_ENDPOINT).orElse(null),
                  conf.getOptional(VigilOptions.REMEDIATION_AUDIENCE).orElse(null),
                  conf.getOptional(VigilOptions.REMEDIATION_KMS_KEY_ID).orElse(null)))
          .uid("sink-remediation-topic")
          .name("Actions -> remediation topic (Kinesis)")
          .setParallelism(1);
    }
    deadLetters
        .sinkTo(JsonLinesSink.create(out, "dead-letters"))
        .uid("sink-dead-letters")
        .name("Dead letters -> dead-letters.jsonl")
        .setParallelism(1);
    EsOutput.attach(conf, findings, buckets, actions, deadLetters);
    if (conf.get(VigilOptions.CONSOLE)) {
      findings
          .sinkTo(new FindingConsoleSink())
          .uid("sink-console")
          .name("Findings -> console")
          .setParallelism(1);
    }
  }

  private static FunctionLookupFunction functionLookup(Configuration conf) {
    return new FunctionLookupFunction(
        conf.get(VigilOptions.DEFAULT_REGION),
        conf.getOptional(VigilOptions.LAMBDA_ENDPOINT).orElse(null),
        conf.get(VigilOptions.FUNCTION_LOOKUP_TTL),
        conf.get(VigilOptions.FUNCTION_LOOKUP_RATE));
  }

  private static EniLookupFunction eniLookup(Configuration conf) {
    return new EniLookupFunction(
        conf.get(VigilOptions.DEFAULT_REGION),
        conf.getOptional(VigilOptions.EC2_ENDPOINT).orElse(null),
        conf.get(VigilOptions.ENI_LOOKUP_TTL),
        conf.get(VigilOptions.ENI_LOOKUP_RATE));
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
