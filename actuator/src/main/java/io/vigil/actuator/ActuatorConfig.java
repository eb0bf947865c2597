package io.vigil.actuator;

import io.vigil.aws.AwsAccess;
import io.vigil.aws.AwsClients;
import io.vigil.remediation.KmsSigner;
import io.vigil.remediation.MessageSigner;
import io.vigil.remediation.SigningKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Every actuator setting, declared once: the field is the setting, its initial value the default,
 * its {@link Option} the command-line flag and (as {@code VIGIL_<FLAG>}) the environment variable.
 * The poller's {@link ActuatorMain} parses it with {@link #fromArgs}, the Lambda handler with
 * {@link #fromEnv}, and {@code vigil actuator run} mixes it in. Dry-run is on unless explicitly
 * turned off.
 */
public final class ActuatorConfig {
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

  /** Tag that protects a function from any change, and its value (not configurable). */
  public String protectedTagKey = "vigil:protected";

  public String protectedTagValue = "true";

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

  /** Records per GetRecords call of the poller. */
  public int getRecordsLimit = 100;

  public Path auditFile() {
    return stateDir.resolve("audit.jsonl");
  }

  public Path deadLetterFile() {
    return stateDir.resolve("dead-letters.jsonl");
  }

  public String audience() {
    return audience == null || audience.isEmpty() ? streamName : audience;
  }

  /** The region and the static keys (local stand-ins only) for the service at {@code endpoint}. */
  public AwsAccess aws(String endpoint) {
    return new AwsAccess(region, endpoint, accessKeyId, secretAccessKey);
  }

  public LambdaClient lambdaClient() {
    return AwsClients.create(LambdaClient.builder(), aws(lambdaEndpoint));
  }

  public KinesisClient kinesisClient() {
    return AwsClients.create(KinesisClient.builder(), aws(kinesisEndpoint));
  }

  /**
   * How messages are verified: the KMS key's public key with {@code --kms-key-id}, else HMAC
   * ({@code VIGIL_HMAC_KEY} or the Secrets Manager secret {@code VIGIL_HMAC_SECRET_ID} in {@code
   * env}).
   */
  public MessageSigner verifier(Map<String, String> env) {
    return SigningKeys.verifier(
        aws(secretsEndpoint), aws(kmsEndpoint), kmsKeyId, signingAlgorithm, env);
  }

  /**
   * Parses {@code --flag value} arguments ({@link ActuatorMain}); an unknown flag or a bad value
   * throws {@link CommandLine.ParameterException}, naming it.
   */
  public static ActuatorConfig fromArgs(String... args) {
    ActuatorConfig c = new ActuatorConfig();
    new CommandLine(c).parseArgs(args);
    return c;
  }

  /**
   * Reads every flag from its environment variable: {@code --state-dir} from {@code
   * VIGIL_STATE_DIR}, {@code --allow} from {@code VIGIL_ALLOW} (comma-separated), and so on (see
   * {@link #envName}). Other variables are ignored; a bad value throws, naming its flag.
   */
  public static ActuatorConfig fromEnv(Map<String, String> env) {
    List<String> args = new ArrayList<>();
    for (OptionSpec option : CommandSpec.forAnnotatedObject(new ActuatorConfig()).options()) {
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
