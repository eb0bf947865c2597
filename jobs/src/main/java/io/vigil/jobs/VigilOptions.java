package io.vigil.jobs;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

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
              "Where records come from: 'simulator' (embedded simulated fleet) or 'kinesis'"
                  + " (the three vigil.kinesis.* streams).");

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
              "Kinesis: watermark bound behind the arrival time of Lambda log records.");

  public static final ConfigOption<Duration> KINESIS_FLOW_OUT_OF_ORDERNESS =
      ConfigOptions.key("vigil.kinesis.flow-out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .withDescription(
              "Kinesis: watermark bound behind the arrival time of flow log records (their"
                  + " aggregation interval plus delivery delay).");

  public static final ConfigOption<Duration> KINESIS_BILLING_OUT_OF_ORDERNESS =
      ConfigOptions.key("vigil.kinesis.billing-out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofMinutes(10))
          .withDescription(
              "Kinesis: watermark bound behind the arrival time of billing rows; kept at the flow"
                  + " bound so billing never delays detection, rows later than this are folded"
                  + " into the current bucket and counted as late.");

  public static final ConfigOption<String> FLOWS_ENI_MAP =
      ConfigOptions.key("vigil.flows.eni-map")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "ENI to function map for flow attribution with the kinesis source: a JSON object"
                  + " {\"eni-...\": \"function\"} or CSV lines 'eni,function'; none when"
                  + " unset.");

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

  public static final ConfigOption<Integer> WEB_UI_PORT =
      ConfigOptions.key("vigil.web-ui.port")
          .intType()
          .defaultValue(8081)
          .withDescription("Port of the Flink web UI of the embedded cluster.");

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
