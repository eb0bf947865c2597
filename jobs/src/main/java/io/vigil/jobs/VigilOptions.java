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
          .withDescription("Where records come from: 'simulator' (embedded simulated fleet).");

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
