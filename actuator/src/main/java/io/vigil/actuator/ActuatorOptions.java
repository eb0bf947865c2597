package io.vigil.actuator;

import io.vigil.remediation.KmsSigner;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The parsing side of the actuator's settings, each declared once: the field's initial value is the
 * default, its {@link Option} the command-line flag and (as {@code VIGIL_<FLAG>}) the environment
 * variable. Mutable only so picocli can fill it; the actuator itself only ever sees the validated,
 * immutable {@link ActuatorConfig} that {@link #build} makes of it. The poller's {@link
 * ActuatorMain} parses it with {@link #fromArgs}, the Lambda handler with {@link #fromEnv}, and
 * {@code vigil actuator run} mixes it in. Dry-run is on unless explicitly turned off.
 */
public final class ActuatorOptions {
  @Option(names = "--stream", description = "Remediation stream name (default: ${DEFAULT-VALUE}).")
  public String streamName = "vigil-remediation";

  @Option(
      names = "--region",
      description =
          "The actuator's region: only functions in it are acted on (default: ${DEFAULT-VALUE}).")
  public String region = "us-east-1";

  @Option(
      names = "--account-id",
      description =
          "The actuator's own AWS account (12 digits): only its functions are acted on."
              + " Unset: every containment is denied (fail closed; dry-run still reports).")
  public String accountId;

  @Option(
      names = "--audience",
      description = "Audience messages must be signed for (default: the stream name).")
  public String audience;

  @Option(
      names = "--max-record-bytes",
      description =
          "Records larger than this are dead-lettered unread (default: ${DEFAULT-VALUE}).")
  public int maxRecordBytes = 64 * 1024;

  @Option(
      names = "--max-lifetime",
      converter = Millis.class,
      description =
          "Longest accepted action lifetime, expiresAt - createdAt (e.g. 24h; default: ${DEFAULT-VALUE} ms).")
  public long maxLifetimeMs = io.vigil.models.action.RemediationAction.MAX_LIFETIME_MS;

  @Option(
      names = "--max-clock-skew",
      converter = Millis.class,
      description =
          "How far in the future createdAt may be: the job's clock may run ahead (default:"
              + " ${DEFAULT-VALUE} ms).")
  public long maxClockSkewMs = 5 * 60_000L;

  @Option(names = "--kinesis-endpoint", description = "Kinesis endpoint override (kinesalite).")
  public String kinesisEndpoint;

  @Option(names = "--lambda-endpoint", description = "Lambda endpoint override (tests).")
  public String lambdaEndpoint;

  @Option(names = "--secrets-endpoint", description = "Secrets Manager endpoint override (tests).")
  public String secretsEndpoint;

  @Option(names = "--kms-endpoint", description = "KMS endpoint override (tests).")
  public String kmsEndpoint;

  @Option(
      names = "--kms-key-id",
      description =
          "Verify with this AWS KMS asymmetric key's public key (GetPublicKey, fetched once at"
              + " start) instead of HMAC (VIGIL_HMAC_KEY or Secrets Manager).")
  public String kmsKeyId;

  @Option(
      names = "--signing-algorithm",
      description =
          "KMS signing algorithm: ECDSA_SHA_256 or RSASSA_PKCS1_V1_5_SHA_256 (default:"
              + " ${DEFAULT-VALUE}).")
  public String signingAlgorithm = KmsSigner.DEFAULT_ALGORITHM;

  @Option(names = "--access-key-id", description = "Static credentials (local stand-ins only).")
  public String accessKeyId;

  @Option(names = "--secret-access-key", description = "Static credentials (local only).")
  public String secretAccessKey;

  @Option(
      names = "--state-dir",
      description = "Ledger, checkpoints, approvals, audit (default: ${DEFAULT-VALUE}).")
  public Path stateDir = Path.of("actuator-state");

  /** Global dry-run: nothing is changed in AWS whatever the message mode says. */
  @Option(
      names = "--dry-run",
      negatable = true,
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Change nothing in AWS (default: true; --no-dry-run or --dry-run false to act).")
  public boolean dryRun = true;

  @Option(names = "--manifests", description = "GitOps manifests folder for RIGHTSIZE patches.")
  public Path manifestsDir;

  @Option(
      names = "--quarantine-sg",
      description = "ISOLATE_NETWORK security group when the message does not name one.")
  public String quarantineSecurityGroup;

  @Option(
      names = "--allow",
      split = ",",
      description = "Function-name glob that may be touched (repeat; empty = all).")
  public List<String> allow = new ArrayList<>();

  @Option(
      names = "--deny",
      split = ",",
      description = "Function-name glob never touched (repeat; wins over --allow).")
  public List<String> deny = new ArrayList<>();

  @Option(
      names = "--cooldown",
      converter = Millis.class,
      description =
          "No second containment on the same function within this time (default:"
              + " ${DEFAULT-VALUE} ms).")
  public long cooldownMs = 15 * 60_000L;

  @Option(names = "--rate-burst", description = "Token bucket size (default: ${DEFAULT-VALUE}).")
  public int rateBurst = 5;

  @Option(
      names = "--rate-per-minute",
      description = "Token bucket refill per minute (default: ${DEFAULT-VALUE}).")
  public double ratePerMinute = 5;

  @Option(
      names = "--breaker-max",
      description =
          "Circuit breaker: more actions than this within the window trip it open (default:"
              + " ${DEFAULT-VALUE}).")
  public int breakerMaxActions = 20;

  @Option(
      names = "--breaker-window",
      converter = Millis.class,
      description = "Circuit breaker window (default: ${DEFAULT-VALUE} ms).")
  public long breakerWindowMs = 10 * 60_000L;

  @Option(
      names = "--breaker-open",
      converter = Millis.class,
      description = "How long a tripped breaker stays open (default: ${DEFAULT-VALUE} ms).")
  public long breakerOpenMs = 30 * 60_000L;

  @Option(
      names = "--es-url",
      description =
          "Also index every audit decision into <prefix>-actions-yyyy.MM at these"
              + " Elasticsearch/OpenSearch URLs (comma-separated; credentials from VIGIL_ES_*)."
              + " Best effort: the JSONL audit trail stays the source of truth.")
  public String esUrl;

  @Option(names = "--es-index-prefix", description = "Index prefix (default: ${DEFAULT-VALUE}).")
  public String esIndexPrefix = "vigil";

  @Option(
      names = "--poll-interval",
      converter = Millis.class,
      description = "Idle poll interval of the poller (default: ${DEFAULT-VALUE} ms).")
  public long pollIntervalMs = 1000;

  /** The validated, immutable settings; a value no flag may take throws, naming the flag. */
  public ActuatorConfig build() {
    return new ActuatorConfig(copy());
  }

  /**
   * Parses {@code --flag value} arguments; an unknown flag or a bad value throws {@link
   * CommandLine.ParameterException}, naming it.
   */
  public static ActuatorOptions fromArgs(String... args) {
    ActuatorOptions o = new ActuatorOptions();
    new CommandLine(o).parseArgs(args);
    return o;
  }

  /**
   * Reads every flag from its environment variable: {@code --state-dir} from {@code
   * VIGIL_STATE_DIR}, {@code --allow} from {@code VIGIL_ALLOW} (comma-separated), and so on (see
   * {@link #envName}). Other variables are ignored; a bad value throws, naming its flag.
   */
  public static ActuatorOptions fromEnv(Map<String, String> env) {
    List<String> args = new ArrayList<>();
    for (OptionSpec option : CommandSpec.forAnnotatedObject(new ActuatorOptions()).options()) {
      String value = env.get(envName(option.longestName()));
      // --flag=value binds the value to its flag even when it is not valid for it (named then).
      if (value != null) args.add(option.longestName() + "=" + value);
    }
    return fromArgs(args.toArray(String[]::new));
  }

  /** The environment variable of a flag: {@code --quarantine-sg} is {@code VIGIL_QUARANTINE_SG}. */
  public static String envName(String flag) {
    return "VIGIL_" + flag.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * A detached copy (lists copied too), so a built config never shares state with options that are
   * changed afterwards. Reflective so that a newly declared setting cannot be forgotten here.
   */
  ActuatorOptions copy() {
    ActuatorOptions c = new ActuatorOptions();
    try {
      for (Field f : ActuatorOptions.class.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) continue;
        Object v = f.get(this);
        f.set(c, v instanceof List<?> l ? new ArrayList<>(l) : v);
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
    return c;
  }

  /**
   * Durations as flags take them: {@code 250ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}.
   */
  public static final class Millis implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return durationMs(value);
    }
  }

  /**
   * {@code 250ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}, or plain milliseconds; never
   * negative (a negative cooldown or lifetime would switch a guardrail off).
   */
  public static long durationMs(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    if (v.isEmpty()) throw new IllegalArgumentException("empty duration");
    long ms;
    if (v.endsWith("ms")) {
      ms = Long.parseLong(v.substring(0, v.length() - 2).trim());
    } else {
      long unit =
          switch (v.charAt(v.length() - 1)) {
            case 's' -> 1000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            case 'd' -> 86_400_000L;
            default -> 0L;
          };
      ms =
          unit == 0
              ? Long.parseLong(v)
              : Math.multiplyExact(Long.parseLong(v.substring(0, v.length() - 1).trim()), unit);
    }
    if (ms < 0) throw new IllegalArgumentException("negative duration: " + s);
    return ms;
  }
}
