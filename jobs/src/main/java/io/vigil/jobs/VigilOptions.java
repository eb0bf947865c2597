package io.vigil.jobs;

import io.vigil.jobs.options.DecodeOptions;
import io.vigil.jobs.options.EnrichmentOptions;
import io.vigil.jobs.options.OutputOptions;
import io.vigil.jobs.options.PolicyOptions;
import io.vigil.jobs.options.ProfileOptions;
import io.vigil.jobs.options.RemediationOptions;
import io.vigil.jobs.options.RuntimeOptions;
import io.vigil.jobs.options.SimulationOptions;
import io.vigil.jobs.options.SourceOptions;
import io.vigil.operators.sink.es.EsConfig;
import io.vigil.operators.sink.es.EsOptions;
import io.vigil.operators.source.KinesisOptions;
import io.vigil.operators.source.KinesisSources;
import io.vigil.operators.source.WatermarkOptions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;

/**
 * Every setting of the Vigil job, one name each. The options are declared, typed and with their
 * defaults, in one class per area ({@link SourceOptions}, {@link KinesisOptions}, {@link
 * EsOptions}, ...): this class only re-exports them under their historical names and lists them
 * ({@link #all()}) for the README table, which a test checks. Set them with {@code -D key=value} on
 * the CLI or in the Flink configuration.
 */
public final class VigilOptions {
  private VigilOptions() {}

  public static final ConfigOption<SourceOptions.Kind> SOURCE = SourceOptions.SOURCE;
  public static final ConfigOption<String> REPLAY_INPUT = SourceOptions.REPLAY_INPUT;
  public static final ConfigOption<SourceOptions.ReplayOrder> REPLAY_ORDER =
      SourceOptions.REPLAY_ORDER;
  public static final ConfigOption<Duration> REPLAY_WATERMARK_STEP =
      SourceOptions.REPLAY_WATERMARK_STEP;
  public static final ConfigOption<Integer> DECODE_THREADS = DecodeOptions.THREADS;
  public static final ConfigOption<Duration> DECODE_TIMEOUT = DecodeOptions.TIMEOUT;
  public static final ConfigOption<Integer> DECODE_BATCH = DecodeOptions.BATCH;
  public static final ConfigOption<String> OUTPUT_DIR = OutputOptions.OUTPUT_DIR;
  public static final ConfigOption<Boolean> CONSOLE = OutputOptions.CONSOLE;
  public static final ConfigOption<Duration> BUCKET = ProfileOptions.BUCKET;
  public static final ConfigOption<Duration> IDLE_TIMEOUT = ProfileOptions.IDLE_TIMEOUT;
  public static final ConfigOption<Integer> STATE_CACHE_FUNCTIONS =
      ProfileOptions.STATE_CACHE_FUNCTIONS;
  public static final ConfigOption<Double> STATE_CACHE_HEAP_SHARE =
      ProfileOptions.STATE_CACHE_HEAP_SHARE;
  public static final ConfigOption<Integer> DETECT_STATE_CACHE_FUNCTIONS =
      ProfileOptions.DETECT_STATE_CACHE_FUNCTIONS;
  public static final ConfigOption<Double> DETECT_STATE_CACHE_HEAP_SHARE =
      ProfileOptions.DETECT_STATE_CACHE_HEAP_SHARE;
  public static final ConfigOption<Integer> COMBINE_MAX_EVENTS = ProfileOptions.COMBINE_MAX_EVENTS;
  public static final ConfigOption<String> PRICES_FILE = ProfileOptions.PRICES_FILE;
  public static final ConfigOption<String> DEFAULT_REGION = ProfileOptions.DEFAULT_REGION;
  public static final ConfigOption<Boolean> ENI_LOOKUP = EnrichmentOptions.ENI_LOOKUP;
  public static final ConfigOption<Double> ENI_LOOKUP_RATE = EnrichmentOptions.ENI_LOOKUP_RATE;
  public static final ConfigOption<Duration> ENI_LOOKUP_TTL = EnrichmentOptions.ENI_LOOKUP_TTL;
  public static final ConfigOption<Boolean> FUNCTION_LOOKUP = EnrichmentOptions.FUNCTION_LOOKUP;
  public static final ConfigOption<Double> FUNCTION_LOOKUP_RATE =
      EnrichmentOptions.FUNCTION_LOOKUP_RATE;
  public static final ConfigOption<Duration> FUNCTION_LOOKUP_TTL =
      EnrichmentOptions.FUNCTION_LOOKUP_TTL;
  public static final ConfigOption<String> LAMBDA_ENDPOINT = EnrichmentOptions.LAMBDA_ENDPOINT;
  public static final ConfigOption<String> EC2_ENDPOINT = EnrichmentOptions.EC2_ENDPOINT;
  public static final ConfigOption<Duration> OUT_OF_ORDERNESS = WatermarkOptions.OUT_OF_ORDERNESS;
  public static final ConfigOption<Duration> IDLENESS = WatermarkOptions.IDLENESS;
  public static final ConfigOption<String> KINESIS_LAMBDA_STREAM = KinesisOptions.LAMBDA_STREAM;
  public static final ConfigOption<String> KINESIS_FLOW_STREAM = KinesisOptions.FLOW_STREAM;
  public static final ConfigOption<String> KINESIS_BILLING_STREAM = KinesisOptions.BILLING_STREAM;
  public static final ConfigOption<String> KINESIS_REGION = KinesisOptions.REGION;
  public static final ConfigOption<String> KINESIS_ENDPOINT = KinesisOptions.ENDPOINT;
  public static final ConfigOption<KinesisSources.InitialPosition> KINESIS_INITIAL_POSITION =
      KinesisOptions.INITIAL_POSITION;
  public static final ConfigOption<String> KINESIS_INITIAL_TIMESTAMP =
      KinesisOptions.INITIAL_TIMESTAMP;
  public static final ConfigOption<KinesisSources.Credentials> KINESIS_CREDENTIALS =
      KinesisOptions.CREDENTIALS;
  public static final ConfigOption<String> KINESIS_PROFILE = KinesisOptions.PROFILE;
  public static final ConfigOption<Duration> KINESIS_LAMBDA_OUT_OF_ORDERNESS =
      KinesisOptions.LAMBDA_OUT_OF_ORDERNESS;
  public static final ConfigOption<Duration> KINESIS_FLOW_OUT_OF_ORDERNESS =
      KinesisOptions.FLOW_OUT_OF_ORDERNESS;
  public static final ConfigOption<Duration> KINESIS_BILLING_OUT_OF_ORDERNESS =
      KinesisOptions.BILLING_OUT_OF_ORDERNESS;
  public static final ConfigOption<String> FLOWS_ENI_MAP = EnrichmentOptions.FLOWS_ENI_MAP;
  public static final ConfigOption<Integer> SIM_FUNCTIONS = SimulationOptions.FUNCTIONS;
  public static final ConfigOption<Long> SIM_SEED = SimulationOptions.SEED;
  public static final ConfigOption<Double> SIM_CLOCK_FACTOR = SimulationOptions.CLOCK_FACTOR;
  public static final ConfigOption<Long> SIM_MINUTES = SimulationOptions.MINUTES;
  public static final ConfigOption<String> SIM_SCENARIO = SimulationOptions.SCENARIO;
  public static final ConfigOption<Integer> SIM_CORRUPT_EVERY = SimulationOptions.CORRUPT_EVERY;
  public static final ConfigOption<Boolean> SIM_LATE_DELIVERY = SimulationOptions.LATE_DELIVERY;
  public static final ConfigOption<Integer> WEB_UI_PORT = RuntimeOptions.WEB_UI_PORT;
  public static final ConfigOption<String> POLICY_DIR = PolicyOptions.POLICY_DIR;
  public static final ConfigOption<Duration> POLICY_RELOAD_INTERVAL =
      PolicyOptions.POLICY_RELOAD_INTERVAL;
  public static final ConfigOption<String> FEEDBACK_DIR = PolicyOptions.FEEDBACK_DIR;
  public static final ConfigOption<Duration> FEEDBACK_POLL_INTERVAL =
      PolicyOptions.FEEDBACK_POLL_INTERVAL;
  public static final ConfigOption<String> REMEDIATION_STREAM = RemediationOptions.STREAM;
  public static final ConfigOption<String> REMEDIATION_REGION = RemediationOptions.REGION;
  public static final ConfigOption<String> REMEDIATION_ENDPOINT = RemediationOptions.ENDPOINT;
  public static final ConfigOption<String> REMEDIATION_AUDIENCE = RemediationOptions.AUDIENCE;
  public static final ConfigOption<String> REMEDIATION_KMS_KEY_ID = RemediationOptions.KMS_KEY_ID;
  public static final ConfigOption<Integer> PARALLELISM = RuntimeOptions.PARALLELISM;
  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      RuntimeOptions.CHECKPOINT_INTERVAL;
  public static final ConfigOption<RuntimeOptions.StateBackend> STATE_BACKEND =
      RuntimeOptions.STATE_BACKEND;
  public static final ConfigOption<String> CHECKPOINT_DIR = RuntimeOptions.CHECKPOINT_DIR;
  public static final ConfigOption<Duration> CHECKPOINT_TIMEOUT = RuntimeOptions.CHECKPOINT_TIMEOUT;
  public static final ConfigOption<Duration> CHECKPOINT_MIN_PAUSE =
      RuntimeOptions.CHECKPOINT_MIN_PAUSE;
  public static final ConfigOption<Boolean> CHECKPOINT_RETAIN = RuntimeOptions.CHECKPOINT_RETAIN;
  public static final ConfigOption<Integer> MAX_PARALLELISM = RuntimeOptions.MAX_PARALLELISM;
  public static final ConfigOption<Integer> ROCKSDB_L0_COMPACTION_TRIGGER =
      RuntimeOptions.ROCKSDB_L0_COMPACTION_TRIGGER;
  public static final ConfigOption<String> ES_URL = EsOptions.URL;
  public static final ConfigOption<String> ES_INDEX_PREFIX = EsOptions.INDEX_PREFIX;
  public static final ConfigOption<Integer> ES_BULK_MAX_ACTIONS = EsOptions.BULK_MAX_ACTIONS;
  public static final ConfigOption<MemorySize> ES_BULK_MAX_BYTES = EsOptions.BULK_MAX_BYTES;
  public static final ConfigOption<Duration> ES_BULK_FLUSH_INTERVAL = EsOptions.BULK_FLUSH_INTERVAL;
  public static final ConfigOption<Integer> ES_BULK_MAX_IN_FLIGHT = EsOptions.BULK_MAX_IN_FLIGHT;
  public static final ConfigOption<Integer> ES_BULK_MAX_RETRIES = EsOptions.BULK_MAX_RETRIES;
  public static final ConfigOption<Duration> ES_BULK_INITIAL_BACKOFF =
      EsOptions.BULK_INITIAL_BACKOFF;
  public static final ConfigOption<Duration> ES_BULK_MAX_BACKOFF = EsOptions.BULK_MAX_BACKOFF;
  public static final ConfigOption<Duration> ES_CONNECT_TIMEOUT = EsOptions.CONNECT_TIMEOUT;
  public static final ConfigOption<Duration> ES_SOCKET_TIMEOUT = EsOptions.SOCKET_TIMEOUT;
  public static final ConfigOption<String> ES_AUTH_SECRET_ARN = EsOptions.AUTH_SECRET_ARN;
  public static final ConfigOption<String> ES_TLS_CA_FILE = EsOptions.TLS_CA_FILE;
  public static final ConfigOption<EsConfig.SigV4Service> ES_AUTH_SIGV4_SERVICE =
      EsOptions.AUTH_SIGV4_SERVICE;
  public static final ConfigOption<String> ES_AUTH_SIGV4_REGION = EsOptions.AUTH_SIGV4_REGION;

  /** All options, area by area, as the README table lists them. */
  public static List<ConfigOption<?>> all() {
    return Stream.of(
            SourceOptions.all(),
            DecodeOptions.all(),
            OutputOptions.all(),
            ProfileOptions.all(),
            EnrichmentOptions.all(),
            WatermarkOptions.all(),
            KinesisOptions.all(),
            SimulationOptions.all(),
            PolicyOptions.all(),
            RemediationOptions.all(),
            RuntimeOptions.all(),
            EsOptions.all())
        .flatMap(List::stream)
        .toList();
  }

  /**
   * Reads every option once, so a bad value stops the job before anything is built. The message
   * names the key, the value and, for enums, the accepted values (Flink keeps those in the cause).
   */
  public static void validate(ReadableConfig conf) {
    for (ConfigOption<?> option : all()) {
      try {
        conf.getOptional(option);
      } catch (IllegalArgumentException e) {
        String why = e.getCause() == null ? "" : " " + e.getCause().getMessage();
        throw new IllegalArgumentException(e.getMessage() + why, e);
      }
    }
  }

  /** Plain-text description of an option. */
  public static String describe(ConfigOption<?> option) {
    return new HtmlFormatter().format(option.description());
  }

  /** The default as the README shows it ({@code (unset)} when there is none). */
  public static String defaultText(ConfigOption<?> option) {
    if (!option.hasDefaultValue()) return "(unset)";
    Object d = option.defaultValue();
    return "`"
        + (d instanceof Duration duration
            ? TimeUtils.formatWithHighestUnit(duration)
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
}
