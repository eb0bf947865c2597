package io.vigil.jobs;

import io.vigil.jobs.options.DecodeOptions;
import io.vigil.jobs.options.SourceOptions;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.decode.DecoderConfig;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.finding.Feedback;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.policy.PolicyLoader;
import io.vigil.models.profile.PriceTable;
import io.vigil.operators.OutputTags;
import io.vigil.operators.StateCacheBound;
import io.vigil.operators.action.LimitActionsFunction;
import io.vigil.operators.action.PlanActionsFunction;
import io.vigil.operators.action.PlannedAction;
import io.vigil.operators.combine.ProfileCombiner;
import io.vigil.operators.combine.ProfileInput;
import io.vigil.operators.control.ControlEvent;
import io.vigil.operators.control.ControlState;
import io.vigil.operators.control.NoPoliciesSource;
import io.vigil.operators.control.ParsePoliciesFunction;
import io.vigil.operators.control.PolicyBundle;
import io.vigil.operators.decode.AttributeFlowsFunction;
import io.vigil.operators.decode.DecodeFunction;
import io.vigil.operators.decode.DecodePoolOperator;
import io.vigil.operators.decode.DecodedRecord;
import io.vigil.operators.decode.EmitDecodedFunction;
import io.vigil.operators.detect.DetectFunction;
import io.vigil.operators.detect.DetectOperator;
import io.vigil.operators.enrich.EniLookupFunction;
import io.vigil.operators.profile.ProfileFunction;
import io.vigil.operators.profile.ProfileOperator;
import io.vigil.operators.source.FolderSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Vigil dataflow as named stages: {@link #decode} -> {@link #attribute} -> {@link #profile}
 * (keyed by function) -> {@link #detect} -> {@link #plan} -> {@link Sinks}, with one control
 * broadcast ({@link #controls}: policies and feedback, empty without them) feeding detection and
 * planning. Sources come from {@link Sources}, sinks from {@link Sinks}; this class only wires.
 * Uids are part of savepoint compatibility: never change one without a migration.
 */
public final class VigilJob {
  private VigilJob() {}

  /** Wires the whole job onto {@code env}. */
  public static void build(StreamExecutionEnvironment env, Configuration conf) {
    Sources.Input input = Sources.create(env, conf);
    build(input.records(), input.eniToFunction(), conf);
  }

  /**
   * Wires the job from the configured sources into given sinks (tests collect outputs this way).
   */
  public static void build(StreamExecutionEnvironment env, Configuration conf, Sinks sinks) {
    Sources.Input input = Sources.create(env, conf);
    build(input.records(), input.eniToFunction(), conf, sinks);
  }

  /** Wires the job onto given raw records (tests tap the source stream this way). */
  public static void build(
      DataStream<RawRecord> records, Map<String, String> eniToFunction, Configuration conf) {
    build(records, eniToFunction, conf, Sinks.configured(conf));
  }

  /** Wires the job onto given raw records and sinks. */
  public static void build(
      DataStream<RawRecord> records,
      Map<String, String> eniToFunction,
      Configuration conf,
      Sinks sinks) {
    Stages s = new Stages(conf);
    SingleOutputStreamOperator<TelemetryEvent> decoded = s.decode(records);
    SingleOutputStreamOperator<MetricBucket> buckets =
        FunctionLookups.onBuckets(s.profile(s.attribute(decoded, eniToFunction)), conf);
    BroadcastStream<ControlEvent> controls = s.controls(records.getExecutionEnvironment());
    SingleOutputStreamOperator<Finding> findings = s.detect(buckets, controls);
    SingleOutputStreamOperator<RemediationAction> actions = s.plan(findings, controls);
    sinks.attach(
        new Sinks.Outputs(
            findings,
            findings.getSideOutput(OutputTags.SUPPRESSED_FINDINGS),
            buckets,
            actions,
            actions.getSideOutput(LimitActionsFunction.SUPPRESSED),
            s.policyRejections,
            decoded.getSideOutput(OutputTags.DEAD_LETTERS)));
  }

  /**
   * Records each decode thread may have in flight: enough to keep the pool busy while the source
   * thread reads, few enough that a checkpoint holds little (in-flight records are its state).
   */
  static final int DECODE_IN_FLIGHT_PER_THREAD = 16;

  /** The stages, sharing the settings read once from the configuration. */
  private static final class Stages {
    final Configuration conf;
    final PriceTable prices;
    final long bucketMs;
    final long idleMs;
    final int parallelism;

    /**
     * The simulator and replay sources are one ordered subtask: decoding them on one subtask too
     * gives every function a single channel into the keyed operators, so runs, replays and restores
     * see each function's events in the same order (first-seen destinations, late folding) and
     * produce identical findings. Kinesis shards are decoded in parallel.
     */
    final int decodeParallelism;

    /** Validation reports of rejected policy bundles (empty without a policy folder). */
    DataStream<String> policyRejections;

    Stages(Configuration conf) {
      this.conf = conf;
      prices =
          conf.getOptional(VigilOptions.PRICES_FILE)
              .map(f -> PriceTable.load(Path.of(f)))
              .orElseGet(PriceTable::defaults);
      bucketMs = conf.get(VigilOptions.BUCKET).toMillis();
      idleMs = conf.get(VigilOptions.IDLE_TIMEOUT).toMillis();
      parallelism = conf.get(VigilOptions.PARALLELISM);
      decodeParallelism =
          conf.get(VigilOptions.SOURCE) == SourceOptions.Kind.KINESIS ? parallelism : 1;
    }

    /**
     * Raw records to telemetry events; bad records to the dead-letter side output. The ordered
     * single-subtask sources decode on a pool of threads ({@code vigil.decode.threads}), ordered so
     * every output stays the same. Kinesis subtasks decode on their own task threads: they are
     * already one per slot, and Flink does not chain an async operator to a legacy source function
     * (FlinkKinesisConsumer), so a pool there would add a network hop for every raw record.
     */
    SingleOutputStreamOperator<TelemetryEvent> decode(DataStream<RawRecord> records) {
      DecoderConfig decoderConfig = new DecoderConfig();
      decoderConfig.defaultRegion = conf.get(VigilOptions.DEFAULT_REGION);
      int threads = DecodeOptions.threads(conf);
      if (conf.get(VigilOptions.SOURCE) == SourceOptions.Kind.KINESIS || threads == 1) {
        return records
            .process(new DecodeFunction(decoderConfig))
            .uid(DecodeFunction.UID)
            .name(DecodeFunction.NAME)
            .setParallelism(decodeParallelism);
      }
      Duration timeout = conf.get(VigilOptions.DECODE_TIMEOUT);
      int inFlight = DECODE_IN_FLIGHT_PER_THREAD * threads;
      return records
          .transform(
              DecodePoolOperator.NAME,
              TypeInformation.of(DecodedRecord.class),
              DecodePoolOperator.factory(
                  decoderConfig, threads, inFlight, DecodeOptions.batch(conf), timeout))
          .uid(DecodePoolOperator.UID)
          .setParallelism(decodeParallelism)
          .process(new EmitDecodedFunction())
          .uid(EmitDecodedFunction.UID)
          .name(EmitDecodedFunction.NAME)
          .setParallelism(decodeParallelism);
    }

    /** Flow logs to the function owning their ENI: the source's map, then the EC2 API if on. */
    DataStream<TelemetryEvent> attribute(
        DataStream<TelemetryEvent> decoded, Map<String, String> eniToFunction) {
      DataStream<TelemetryEvent> attributed =
          decoded
              .map(new AttributeFlowsFunction(eniToFunction))
              .uid(AttributeFlowsFunction.UID)
              .name(AttributeFlowsFunction.NAME)
              .setParallelism(decodeParallelism);
      if (!conf.get(VigilOptions.ENI_LOOKUP)) return attributed;
      // Ordered for the single ordered input (simulator, replay), so lookups cannot reorder a
      // function's events; Kinesis shards have no order across them to keep.
      return (decodeParallelism == 1
              ? AsyncDataStream.orderedWait(attributed, eniLookup(), 5, TimeUnit.SECONDS, 100)
              : AsyncDataStream.unorderedWait(attributed, eniLookup(), 5, TimeUnit.SECONDS, 100))
          .uid(EniLookupFunction.UID)
          .name(EniLookupFunction.NAME)
          .setParallelism(decodeParallelism);
    }

    /**
     * Events keyed by function into event-time metric buckets; invocations folded into runs per
     * function before the shuffle (chained to decode).
     */
    SingleOutputStreamOperator<MetricBucket> profile(DataStream<TelemetryEvent> attributed) {
      return attributed
          .transform(
              ProfileCombiner.NAME,
              TypeInformation.of(ProfileInput.class),
              new ProfileCombiner(bucketMs, conf.get(VigilOptions.COMBINE_MAX_EVENTS), prices))
          .uid(ProfileCombiner.UID)
          .setParallelism(decodeParallelism)
          .keyBy(new ProfileInput.Key())
          .transform(
              ProfileFunction.NAME, TypeInformation.of(MetricBucket.class), profileOperator())
          .uid(ProfileFunction.UID)
          .setParallelism(parallelism);
    }

    /** The profile operator, behind its write-back state cache. */
    private ProfileOperator profileOperator() {
      return new ProfileOperator(
          new ProfileFunction(bucketMs, idleMs, prices),
          cacheBound(VigilOptions.STATE_CACHE_FUNCTIONS, VigilOptions.STATE_CACHE_HEAP_SHARE),
          conf.get(VigilOptions.STATE_CACHE_HEAP_SHARE));
    }

    /** A state cache's configured bound; a bad setting fails the job build, naming its keys. */
    private int cacheBound(ConfigOption<Integer> functions, ConfigOption<Double> heapShare) {
      int bound = conf.get(functions);
      double share = conf.get(heapShare);
      try {
        StateCacheBound.check(bound, share);
      } catch (IllegalArgumentException e) {
        String keys = String.format("%s=%d, %s=%s", functions.key(), bound, heapShare.key(), share);
        throw new IllegalArgumentException(keys + ": " + e.getMessage(), e);
      }
      return bound;
    }

    /**
     * The control broadcast: policy bundles (parsed once) and human feedback, each from its folder
     * when configured. Without a policy folder no bundle comes and the defaults apply.
     */
    BroadcastStream<ControlEvent> controls(StreamExecutionEnvironment env) {
      SingleOutputStreamOperator<ControlEvent> policies =
          policyBundles(env)
              .process(new ParsePoliciesFunction(), TypeInformation.of(ControlEvent.class))
              .uid(ParsePoliciesFunction.UID)
              .name(ParsePoliciesFunction.NAME)
              .setParallelism(1);
      policyRejections = policies.getSideOutput(ParsePoliciesFunction.REJECTED);
      DataStream<ControlEvent> control = policies;
      if (conf.getOptional(VigilOptions.FEEDBACK_DIR).isPresent()) {
        control = control.union(feedback(env));
      }
      return control.broadcast(ControlState.all());
    }

    /** The policy folder's bundles, unparsed; none without a folder. */
    private DataStream<PolicyBundle> policyBundles(StreamExecutionEnvironment env) {
      TypeInformation<PolicyBundle> type = TypeInformation.of(PolicyBundle.class);
      if (conf.getOptional(VigilOptions.POLICY_DIR).isEmpty()) {
        boolean unbounded = conf.get(VigilOptions.SOURCE) == SourceOptions.Kind.KINESIS;
        return env.addSource(new NoPoliciesSource(unbounded), NoPoliciesSource.NAME, type)
            .uid(NoPoliciesSource.UID)
            .setParallelism(1);
      }
      String policyDir = conf.get(VigilOptions.POLICY_DIR);
      // Fail fast: the job does not start on an invalid policy folder.
      PolicyLoader.load(Path.of(policyDir)).orThrow();
      return env.addSource(
              FolderSource.policies(
                  policyDir, conf.get(VigilOptions.POLICY_RELOAD_INTERVAL).toMillis()),
              "Policies",
              type)
          .uid("source-policies")
          .setParallelism(1);
    }

    private DataStream<ControlEvent> feedback(StreamExecutionEnvironment env) {
      return env.addSource(
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
    }

    /** Buckets to findings. Buckets keep their function key: no second shuffle after profile. */
    SingleOutputStreamOperator<Finding> detect(
        DataStream<MetricBucket> buckets, BroadcastStream<ControlEvent> controls) {
      // Flink's keyed-broadcast operator behind a state cache (DetectOperator): same uid, same
      // broadcast and keyed state names; the control stream is broadcast as .connect(controls)
      // does.
      DataStream<ControlEvent> broadcastControls =
          new DataStream<>(buckets.getExecutionEnvironment(), controls.getTransformation());
      return DataStreamUtils.reinterpretAsKeyedStream(buckets, new BucketKey())
          .connect(broadcastControls)
          .transform(
              DetectFunction.NAME,
              TypeInformation.of(Finding.class),
              new DetectOperator(
                  new DetectFunction(prices, idleMs),
                  cacheBound(
                      VigilOptions.DETECT_STATE_CACHE_FUNCTIONS,
                      VigilOptions.DETECT_STATE_CACHE_HEAP_SHARE),
                  conf.get(VigilOptions.DETECT_STATE_CACHE_HEAP_SHARE)))
          .uid(DetectFunction.UID)
          .setParallelism(parallelism);
    }

    /** Findings to remediation actions under the policies, limited per rule (maxPerHour). */
    SingleOutputStreamOperator<RemediationAction> plan(
        DataStream<Finding> findings, BroadcastStream<ControlEvent> controls) {
      return findings
          .connect(controls)
          .process(new PlanActionsFunction())
          .uid(PlanActionsFunction.UID)
          .name(PlanActionsFunction.NAME)
          .setParallelism(parallelism)
          .keyBy(new PlannedAction.Key())
          .process(new LimitActionsFunction())
          .uid(LimitActionsFunction.UID)
          .name(LimitActionsFunction.NAME)
          .setParallelism(parallelism);
    }

    private EniLookupFunction eniLookup() {
      return new EniLookupFunction(
          conf.get(VigilOptions.DEFAULT_REGION),
          conf.getOptional(VigilOptions.EC2_ENDPOINT).orElse(null),
          conf.get(VigilOptions.ENI_LOOKUP_TTL),
          conf.get(VigilOptions.ENI_LOOKUP_RATE));
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
