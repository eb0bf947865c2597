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

  public static final ConfigOption<String> REMEDIATION_STREAM =
      ConfigOptions.key("vigil.remediation.stream")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Kinesis stream of the remediation topic (signed actions for the actuator). Unset:"
                  + " actions go to actions.jsonl only. Key: VIGIL_HMAC_KEY or VIGIL_HMAC_SECRET_ID.");

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
