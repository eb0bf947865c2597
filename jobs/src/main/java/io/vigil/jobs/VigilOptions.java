package io.vigil.jobs;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * Every setting of the Vigil job, typed, with its default and description. The README's
 * configuration table is checked against this class by a test. Set them with {@code -D key=value}
 * on the CLI or in the Flink configuration.
 */
public final class VigilOptions {
  private VigilOptions() {}

  public static final ConfigOption<String> SOURCE =
      ConfigOptions.key("vigil.source")
          .stringType()
          .defaultValue("simulator")
          .withDescription(
              "Where records come from: 'simulator' (embedded simulated fleet), 'kinesis' (the"
                  + " three vigil.kinesis.* streams) or 'replay' (recorded Kinesis records, see"
                  + " vigil.replay.input).");

  public static final ConfigOption<String> REPLAY_INPUT =
      ConfigOptions.key("vigil.replay.input")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Folder of recorded Kinesis records (*.jsonl, as written by vigil record or vigil"
                  + " simulate) replayed with vigil.source=replay.");

  public static final ConfigOption<String> REPLAY_ORDER =
      ConfigOptions.key("vigil.replay.order")
          .stringType()
          .defaultValue("event-time")
          .withDescription(
              "Order of a replay: 'event-time' (each record at its event time: no record is late)"
                  + " or 'arrival' (Kinesis arrival order, as the live job read them: late flow"
                  + " logs and billing rows are folded as late).");

  public static final ConfigOption<String> OUTPUT_DIR =
      ConfigOptions.key("vigil.output.dir")
          .stringType()
          .defaultValue("out")
          .withDescription(
              "Folder for the local JSONL outputs: findings, metrics, actions, dead-letters.");

  public static final ConfigOption<Boolean> CONSOLE =
      ConfigOptions.key("vigil.output.console")
          .booleanType()
          .defaultValue(true)
          .withDescription("Print one readable line per finding on standard output.");

  public static final ConfigOption<Duration> BUCKET =
      ConfigOptions.key("vigil.profile.bucket")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription("Event-time bucket of the per-function profiles and detectors.");

  public static final ConfigOption<Duration> IDLE_TIMEOUT =
      ConfigOptions.key("vigil.profile.idle-timeout")
          .durationType()
          .defaultValue(Duration.ofHours(6))
          .withDescription(
              "Event time after which a silent function's state is cleared (bounds state).");

  public static final ConfigOption<String> PRICES_FILE =
      ConfigOptions.key("vigil.prices.file")
          .stringType()
          .noDefaultValue()
          .withDescription("Lambda price table (JSON); the built-in us-east-1 table when unset.");

  public static final ConfigOption<String> DEFAULT_REGION =
      ConfigOptions.key("vigil.aws.default-region")
          .stringType()
          .defaultValue("us-east-1")
          .withDescription(
              "Region assumed for Lambda log records (log envelopes do not carry it).");

  public static final ConfigOption<Boolean> ENI_LOOKUP =
      ConfigOptions.key("vigil.flows.eni-lookup")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Attribute flows of ENIs missing from the configured map through EC2"
                  + " DescribeNetworkInterfaces (async, cached, rate-limited).");

  public static final ConfigOption<Double> ENI_LOOKUP_RATE =
      ConfigOptions.key("vigil.flows.eni-lookup.rate")
          .doubleType()
          .defaultValue(5.0)
          .withDescription("EC2 DescribeNetworkInterfaces calls per second per subtask, at most.");

  public static final ConfigOption<Duration> ENI_LOOKUP_TTL =
      ConfigOptions.key("vigil.flows.eni-lookup.cache-ttl")
          .durationType()
          .defaultValue(Duration.ofHours(1))
          .withDescription("How long an ENI owner (or a miss) stays cached.");

  public static final ConfigOption<Boolean> FUNCTION_LOOKUP =
      ConfigOptions.key("vigil.functions.lookup")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Add each finding's function tags from the Lambda API (GetFunctionConfiguration,"
                  + " ListTags; async, cached, rate-limited) before planning and the sinks; the"
                  + " GitOps manifest's tags win, vigil:protected=true from either side is kept.");

  public static final ConfigOption<Double> FUNCTION_LOOKUP_RATE =
      ConfigOptions.key("vigil.functions.lookup.rate")
          .doubleType()
          .defaultValue(2.0)
          .withDescription(
              "Lambda API lookups (GetFunctionConfiguration + ListTags) per second per subtask,"
                  + " at most.");

  public static final ConfigOption<Duration> FUNCTION_LOOKUP_TTL =
      ConfigOptions.key("vigil.functions.lookup.cache-ttl")
          .durationType()
          .defaultValue(Duration.ofMinutes(15))
          .withDescription("How long a function's tags and configuration (or a miss) stay cached.");

  public static final ConfigOption<String> LAMBDA_ENDPOINT =
      ConfigOptions.key("vigil.aws.lambda-endpoint")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Lambda endpoint override for vigil.functions.lookup (tests, VPC endpoints); the"
                  + " regional one when unset.");

  public static final ConfigOption<String> EC2_ENDPOINT =
      ConfigOptions.key("vigil.aws.ec2-endpoint")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "EC2 endpoint override (tests, VPC endpoints); the regional one when unset.");

  public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
      ConfigOptions.key("vigil.watermark.out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("Bounded out-of-orderness of the source watermarks.");

  public static final ConfigOption<Duration> IDLENESS =
      ConfigOptions.key("vigil.watermark.idleness")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription(
              "A source split quiet this long is marked idle so it cannot stall time.");

  public static final ConfigOption<String> KINESIS_LAMBDA_STREAM =
      ConfigOptions.key("vigil.kinesis.lambda-stream")
          .stringType()
          .defaultValue("vigil-lambda-logs")
          .withDescription(
              "Kinesis: stream (name or ARN) of the CloudWatch Logs subscription of the Lambda"
                  + " log groups.");

  public static final ConfigOption<String> KINESIS_FLOW_STREAM =
      ConfigOptions.key("vigil.kinesis.flow-stream")
          .stringType()
          .defaultValue("vigil-flow-logs")
          .withDescription("Kinesis: stream (name or ARN) carrying the VPC Flow Logs.");

  public static final ConfigOption<String> KINESIS_BILLING_STREAM =
      ConfigOptions.key("vigil.kinesis.billing-stream")
          .stringType()
          .defaultValue("vigil-billing")
          .withDescription("Kinesis: stream (name or ARN) carrying CUR 2.0 / FOCUS billing rows.");

  public static final ConfigOption<String> KINESIS_REGION =
      ConfigOptions.key("vigil.kinesis.region")
          .stringType()
          .defaultValue("us-east-1")
          .withDescription("Kinesis: AWS region of the streams.");

  public static final ConfigOption<String> KINESIS_ENDPOINT =
      ConfigOptions.key("vigil.kinesis.endpoint")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Kinesis: endpoint override, e.g. http://localhost:4567 for kinesalite; the"
                  + " region's endpoint when unset.");

  public static final ConfigOption<String> KINESIS_INITIAL_POSITION =
      ConfigOptions.key("vigil.kinesis.initial-position")
          .stringType()
          .defaultValue("LATEST")
          .withDescription(
              "Kinesis: where to start without a checkpoint: LATEST, TRIM_HORIZON or AT_TIMESTAMP"
                  + " (with vigil.kinesis.initial-timestamp).");

  public static final ConfigOption<String> KINESIS_INITIAL_TIMESTAMP =
      ConfigOptions.key("vigil.kinesis.initial-timestamp")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Kinesis: ISO-8601 instant to start from with AT_TIMESTAMP, e.g."
                  + " 2025-11-20T00:00:00Z.");

  public static final ConfigOption<String> KINESIS_CREDENTIALS =
      ConfigOptions.key("vigil.kinesis.credentials")
          .stringType()
          .defaultValue("default")
          .withDescription(
              "Kinesis: 'default' (SDK default chain), 'basic' (AWS_ACCESS_KEY_ID /"
                  + " AWS_SECRET_ACCESS_KEY, placeholder keys when unset: for local endpoints) or"
                  + " 'profile' (vigil.kinesis.profile).");

  public static final ConfigOption<String> KINESIS_PROFILE =
      ConfigOptions.key("vigil.kinesis.profile")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Kinesis: credentials profile for 'profile' credentials; the default profile when"
                  + " unset.");

  public static final ConfigOption<Duration> KINESIS_LAMBDA_OUT_OF_ORDERNESS =
      ConfigOptions.key("vigil.kinesis.lambda-out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription(
              "Kinesis: watermark bound behind the newest event time of a shard's Lambda log"
                  + " records.");

  public static final ConfigOption<Duration> KINESIS_FLOW_OUT_OF_ORDERNESS =
      ConfigOptions.key("vigil.kinesis.flow-out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .withDescription(
              "Kinesis: watermark bound behind the newest flow start time of a shard's flow log"
                  + " records (their aggregation interval plus delivery jitter).");

  public static final ConfigOption<Duration> KINESIS_BILLING_OUT_OF_ORDERNESS =
      ConfigOptions.key("vigil.kinesis.billing-out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .withDescription(
              "Kinesis: watermark bound behind the newest usage time of a shard's billing rows;"
                  + " a row further behind its shard is late: folded into the current bucket and"
                  + " counted.");

  public static final ConfigOption<String> FLOWS_ENI_MAP =
      ConfigOptions.key("vigil.flows.eni-map")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "ENI to function map for flow attribution (kinesis and replay sources): a JSON object"
                  + " {\"eni-...\": \"function\"} or CSV lines 'eni,function'. Unset: a replay"
                  + " uses the recording's eni-map.json (written by vigil simulate), else none.");

  public static final ConfigOption<Integer> SIM_FUNCTIONS =
      ConfigOptions.key("vigil.sim.functions")
          .intType()
          .defaultValue(50)
          .withDescription("Simulated fleet: number of functions.");

  public static final ConfigOption<Long> SIM_SEED =
      ConfigOptions.key("vigil.sim.seed")
          .longType()
          .defaultValue(42L)
          .withDescription("Simulated fleet: random seed (same seed, same records).");

  public static final ConfigOption<Double> SIM_CLOCK_FACTOR =
      ConfigOptions.key("vigil.sim.clock-factor")
          .doubleType()
          .defaultValue(180.0)
          .withDescription(
              "Simulated fleet: fleet seconds per wall second (60 = a demo minute is a fleet hour;"
                  + " 0 = as fast as possible).");

  public static final ConfigOption<Long> SIM_MINUTES =
      ConfigOptions.key("vigil.sim.minutes")
          .longType()
          .defaultValue(0L)
          .withDescription("Simulated fleet: fleet minutes to simulate, 0 = unbounded.");

  public static final ConfigOption<String> SIM_SCENARIO =
      ConfigOptions.key("vigil.sim.scenario")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Simulated fleet: incident scenario YAML; the built-in demo when unset.");

  public static final ConfigOption<Integer> SIM_CORRUPT_EVERY =
      ConfigOptions.key("vigil.sim.corrupt-every")
          .intType()
          .defaultValue(500)
          .withDescription(
              "Simulated fleet: corrupt every N-th Lambda record (bad gzip, truncated REPORT) to"
                  + " exercise dead letters; 0 = never.");

  public static final ConfigOption<Boolean> SIM_LATE_DELIVERY =
      ConfigOptions.key("vigil.sim.late-delivery")
          .booleanType()
          .defaultValue(false)
          .withDescription(
              "Simulated fleet: realistic delivery delays (flow records 1-5 min late, billing rows"
                  + " 2-6 h late), each record emitted when it arrives.");

  public static final ConfigOption<Integer> WEB_UI_PORT =
      ConfigOptions.key("vigil.web-ui.port")
          .intType()
          .defaultValue(8081)
          .withDescription("Port of the Flink web UI of the embedded cluster.");

  public static final ConfigOption<String> POLICY_DIR =
      ConfigOptions.key("vigil.policy.dir")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Folder of policies as code (docs/remediation.md). Validated at start: an invalid"
                  + " folder stops the job. Unset: built-in dry-run planning only.");

  public static final ConfigOption<Duration> POLICY_RELOAD_INTERVAL =
      ConfigOptions.key("vigil.policy.reload-interval")
          .durationType()
          .defaultValue(Duration.ZERO)
          .withDescription(
              "How often the policy folder is re-read; changes are broadcast and applied whole, or"
                  + " rejected whole and reported. 0 = read once at start.");

  public static final ConfigOption<String> FEEDBACK_DIR =
      ConfigOptions.key("vigil.feedback.dir")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Folder of human feedback (*.jsonl, written by vigil feedback): a false positive"
                  + " suppresses that function's findings of that type (to"
                  + " the suppressed-findings output) until 'until' (default 24 h) and desensitises"
                  + " the type. Unset: no feedback.");

  public static final ConfigOption<Duration> FEEDBACK_POLL_INTERVAL =
      ConfigOptions.key("vigil.feedback.poll-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription(
              "How often the feedback folder is checked for new lines. 0 = read once at start"
                  + " (bounded jobs such as replays).");

  public static final ConfigOption<String> REMEDIATION_STREAM =
      ConfigOptions.key("vigil.remediation.stream")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Kinesis stream of the remediation topic (signed actions for the actuator). Unset:"
                  + " actions go to the actions output only. Key: VIGIL_HMAC_KEY or VIGIL_HMAC_SECRET_ID.");

  public static final ConfigOption<String> REMEDIATION_REGION =
      ConfigOptions.key("vigil.remediation.region")
          .stringType()
          .defaultValue("us-east-1")
          .withDescription("Region of the remediation stream.");

  public static final ConfigOption<String> REMEDIATION_ENDPOINT =
      ConfigOptions.key("vigil.remediation.endpoint")
          .stringType()
          .noDefaultValue()
          .withDescription("Kinesis endpoint override for the remediation stream (kinesalite).");

  public static final ConfigOption<String> REMEDIATION_AUDIENCE =
      ConfigOptions.key("vigil.remediation.audience")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Audience signed into every remediation action; the actuator rejects actions for"
                  + " another audience. Unset: the remediation stream name.");

  public static final ConfigOption<String> REMEDIATION_KMS_KEY_ID =
      ConfigOptions.key("vigil.remediation.kms-key-id")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "AWS KMS asymmetric key (ECDSA_SHA_256) that signs remediation actions (kms:Sign);"
                  + " the actuator verifies with its public key (--kms-key-id). Unset: HMAC.");

  public static final ConfigOption<Integer> PARALLELISM =
      ConfigOptions.key("vigil.parallelism")
          .intType()
          .defaultValue(2)
          .withDescription("Parallelism of the keyed operators.");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      ConfigOptions.key("vigil.checkpoint.interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("Checkpoint interval; outputs are flushed at every checkpoint.");

  public static final ConfigOption<String> STATE_BACKEND =
      ConfigOptions.key("vigil.state.backend")
          .stringType()
          .defaultValue("rocksdb")
          .withDescription(
              "Keyed state backend: 'rocksdb' (incremental checkpoints, state larger than memory;"
                  + " the default on clusters) or 'hashmap' (on-heap, ~13x faster; the default of"
                  + " the embedded vigil run/replay/eval when unset).");

  public static final ConfigOption<String> CHECKPOINT_DIR =
      ConfigOptions.key("vigil.checkpoint.dir")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Checkpoint storage URI (s3://bucket/path on clusters, file:///path locally); unset ="
                  + " a fresh temporary folder for embedded runs, the cluster's"
                  + " state.checkpoints.dir on clusters. JobManager (memory) storage is rejected.");

  public static final ConfigOption<Duration> CHECKPOINT_TIMEOUT =
      ConfigOptions.key("vigil.checkpoint.timeout")
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .withDescription("A checkpoint not complete after this long is declined.");

  public static final ConfigOption<Duration> CHECKPOINT_MIN_PAUSE =
      ConfigOptions.key("vigil.checkpoint.min-pause")
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .withDescription(
              "Least pause between the end of one checkpoint and the start of the next.");

  public static final ConfigOption<Boolean> CHECKPOINT_RETAIN =
      ConfigOptions.key("vigil.checkpoint.retain-on-cancel")
          .booleanType()
          .defaultValue(true)
          .withDescription(
              "Keep the last checkpoint when the job is cancelled (restart or roll back from it).");

  public static final ConfigOption<Integer> MAX_PARALLELISM =
      ConfigOptions.key("vigil.max-parallelism")
          .intType()
          .defaultValue(VigilJobMain.MAX_PARALLELISM)
          .withDescription(
              "Key groups of the keyed state: the upper bound for rescaling from a savepoint. Never"
                  + " change it for a running deployment.");

  /** Plain-text description of an option. */
  public static String describe(ConfigOption<?> option) {
    return new org.apache.flink.configuration.description.HtmlFormatter()
        .format(option.description());
  }

  /** The default as the README shows it ({@code (unset)} when there is none). */
  public static String defaultText(ConfigOption<?> option) {
    if (!option.hasDefaultValue()) return "(unset)";
    Object d = option.defaultValue();
    return "`"
        + (d instanceof Duration duration
            ? org.apache.flink.util.TimeUtils.formatWithHighestUnit(duration)
            : String.valueOf(d))
        + "`";
  }

  /** The configuration table in Markdown, as in the README. */
  public static String markdownTable() {
    StringBuilder sb = new StringBuilder("| key | default | description |\n| --- | --- | --- |\n");
    for (ConfigOption<?> o : all()) {
      sb.append("| `")
          .append(o.key())
          .append("` | ")
          .append(defaultText(o))
          .append(" | ")
          .append(describe(o).replace("|", "\\|"))
          .append(" |\n");
    }
    return sb.toString();
  }

  // --- Elasticsearch / OpenSearch output (off unless vigil.es.url is set) ---

  public static final ConfigOption<String> ES_URL =
      ConfigOptions.key("vigil.es.url")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Elasticsearch / OpenSearch base URL(s), comma-separated; unset = no ES output."
                  + " Credentials come from VIGIL_ES_API_KEY or VIGIL_ES_USERNAME/VIGIL_ES_PASSWORD"
                  + " in the task managers' environment, or vigil.es.auth.secret-arn.");

  public static final ConfigOption<String> ES_INDEX_PREFIX =
      ConfigOptions.key("vigil.es.index-prefix")
          .stringType()
          .defaultValue("vigil")
          .withDescription("Indices are <prefix>-{findings,metrics,actions,dead-letters}-yyyy.MM.");

  public static final ConfigOption<Integer> ES_BULK_MAX_ACTIONS =
      ConfigOptions.key("vigil.es.bulk.max-actions")
          .intType()
          .defaultValue(1000)
          .withDescription("Documents per _bulk request, at most.");

  public static final ConfigOption<MemorySize> ES_BULK_MAX_BYTES =
      ConfigOptions.key("vigil.es.bulk.max-bytes")
          .memoryType()
          .defaultValue(MemorySize.parse("5mb"))
          .withDescription("Size of a _bulk request, at most (approximate).");

  public static final ConfigOption<Duration> ES_BULK_FLUSH_INTERVAL =
      ConfigOptions.key("vigil.es.bulk.flush-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .withDescription("A non-empty buffer is sent after this long (and at every checkpoint).");

  public static final ConfigOption<Integer> ES_BULK_MAX_IN_FLIGHT =
      ConfigOptions.key("vigil.es.bulk.max-in-flight")
          .intType()
          .defaultValue(2)
          .withDescription(
              "_bulk requests in flight or waiting to retry per sink subtask; writes block beyond.");

  public static final ConfigOption<Integer> ES_BULK_MAX_RETRIES =
      ConfigOptions.key("vigil.es.bulk.max-retries")
          .intType()
          .defaultValue(10)
          .withDescription(
              "Retries of a document on 429/5xx (exponential backoff with jitter) before the job"
                  + " fails and restarts from its last checkpoint.");

  public static final ConfigOption<String> ES_AUTH_SECRET_ARN =
      ConfigOptions.key("vigil.es.auth.secret-arn")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "AWS Secrets Manager secret with {\"apiKey\":...} or {\"username\":...,"
                  + "\"password\":...}; used when the VIGIL_ES_* variables are unset.");

  public static final ConfigOption<String> ES_TLS_CA_FILE =
      ConfigOptions.key("vigil.es.tls.ca-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "PEM file of the CA(s) to trust for HTTPS; the JVM's trust store when unset.");

  public static final ConfigOption<String> ES_AUTH_SIGV4_SERVICE =
      ConfigOptions.key("vigil.es.auth.sigv4-service")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Amazon OpenSearch Service: sign every request with AWS SigV4 for 'es' (managed"
                  + " domain) or 'aoss' (Serverless collection), credentials from the AWS SDK"
                  + " default chain (environment, profile, web identity, container or instance"
                  + " role); unset = no signing.");

  public static final ConfigOption<String> ES_AUTH_SIGV4_REGION =
      ConfigOptions.key("vigil.es.auth.sigv4-region")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Region of the SigV4 signature; when unset, from the endpoint's host name"
                  + " (*.REGION.es.amazonaws.com, *.REGION.aoss.amazonaws.com), else the SDK's"
                  + " default region (AWS_REGION).");

  /** All options declared above, for documentation and validation. */
  public static List<ConfigOption<?>> all() {
    List<ConfigOption<?>> options = new ArrayList<>();
    for (Field f : VigilOptions.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigOption.class) {
        try {
          options.add((ConfigOption<?>) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return options;
  }
}
