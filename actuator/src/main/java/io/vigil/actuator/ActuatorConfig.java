package io.vigil.actuator;

import io.vigil.aws.AwsAccess;
import io.vigil.aws.AwsClients;
import io.vigil.remediation.MessageSigner;
import io.vigil.remediation.SigningKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The actuator's settings as an immutable, validated value. Each setting is declared once, with its
 * default, flag and description, in {@link ActuatorOptions}; this is built from it once ({@link
 * ActuatorOptions#build}, {@link #fromArgs}, {@link #fromEnv}) and checked then: every argument is
 * hostile, so a value no flag may take fails the build with a message naming the flag (fail closed:
 * nothing runs). Changed copies come from {@link #with}, validated the same way. {@link #toString}
 * never shows the secret key or credentials in the Elasticsearch URL.
 */
public final class ActuatorConfig {
  public final String streamName;
  public final String region;
  public final String accountId;
  public final String audience;
  public final int maxRecordBytes;
  public final long maxLifetimeMs;
  public final long maxClockSkewMs;
  public final String kinesisEndpoint;
  public final String lambdaEndpoint;
  public final String secretsEndpoint;
  public final String kmsEndpoint;
  public final String kmsKeyId;
  public final String signingAlgorithm;
  public final String accessKeyId;
  public final String secretAccessKey;
  public final Path stateDir;

  /** Global dry-run: nothing is changed in AWS whatever the message mode says. */
  public final boolean dryRun;

  public final Path manifestsDir;
  public final String quarantineSecurityGroup;
  public final List<String> allow;
  public final List<String> deny;

  /** Tag that protects a function from any change, and its value (not configurable). */
  public final String protectedTagKey = "vigil:protected";

  public final String protectedTagValue = "true";

  public final long cooldownMs;
  public final int rateBurst;
  public final double ratePerMinute;
  public final int breakerMaxActions;
  public final long breakerWindowMs;
  public final long breakerOpenMs;
  public final String esUrl;
  public final String esIndexPrefix;
  public final long pollIntervalMs;

  /** Records per GetRecords call of the poller (not configurable). */
  public final int getRecordsLimit = 100;

  /** The options this was built from: a private copy, never changed, the base of {@link #with}. */
  private final ActuatorOptions source;

  /** From a detached copy of the options (see {@link ActuatorOptions#build}). */
  ActuatorConfig(ActuatorOptions o) {
    validate(o);
    this.source = o;
    this.streamName = o.streamName;
    this.region = o.region;
    this.accountId = o.accountId;
    this.audience = o.audience;
    this.maxRecordBytes = o.maxRecordBytes;
    this.maxLifetimeMs = o.maxLifetimeMs;
    this.maxClockSkewMs = o.maxClockSkewMs;
    this.kinesisEndpoint = o.kinesisEndpoint;
    this.lambdaEndpoint = o.lambdaEndpoint;
    this.secretsEndpoint = o.secretsEndpoint;
    this.kmsEndpoint = o.kmsEndpoint;
    this.kmsKeyId = o.kmsKeyId;
    this.signingAlgorithm = o.signingAlgorithm;
    this.accessKeyId = o.accessKeyId;
    this.secretAccessKey = o.secretAccessKey;
    this.stateDir = o.stateDir;
    this.dryRun = o.dryRun;
    this.manifestsDir = o.manifestsDir;
    this.quarantineSecurityGroup = o.quarantineSecurityGroup;
    this.allow = List.copyOf(o.allow);
    this.deny = List.copyOf(o.deny);
    this.cooldownMs = o.cooldownMs;
    this.rateBurst = o.rateBurst;
    this.ratePerMinute = o.ratePerMinute;
    this.breakerMaxActions = o.breakerMaxActions;
    this.breakerWindowMs = o.breakerWindowMs;
    this.breakerOpenMs = o.breakerOpenMs;
    this.esUrl = o.esUrl;
    this.esIndexPrefix = o.esIndexPrefix;
    this.pollIntervalMs = o.pollIntervalMs;
  }

  /** The declared defaults (dry-run on, no account: every containment denied). */
  public static ActuatorConfig defaults() {
    return new ActuatorOptions().build();
  }

  /** Parses {@code --flag value} arguments and builds; see {@link ActuatorOptions#fromArgs}. */
  public static ActuatorConfig fromArgs(String... args) {
    return ActuatorOptions.fromArgs(args).build();
  }

  /** Reads {@code VIGIL_<FLAG>} variables and builds; see {@link ActuatorOptions#fromEnv}. */
  public static ActuatorConfig fromEnv(Map<String, String> env) {
    return ActuatorOptions.fromEnv(env).build();
  }

  /** The environment variable of a flag: {@code --quarantine-sg} is {@code VIGIL_QUARANTINE_SG}. */
  public static String envName(String flag) {
    return ActuatorOptions.envName(flag);
  }

  /** A copy with {@code change} applied to its options, validated like any other build. */
  public ActuatorConfig with(Consumer<ActuatorOptions> change) {
    ActuatorOptions o = source.copy();
    change.accept(o);
    return o.build();
  }

  /** Fail closed on values that would switch a guardrail off or point the actuator nowhere. */
  private static void validate(ActuatorOptions o) {
    require(notBlank(o.streamName), "--stream", "must not be blank", o.streamName);
    require(notBlank(o.region), "--region", "must not be blank", o.region);
    require(
        o.accountId == null || o.accountId.matches("\\d{12}"),
        "--account-id",
        "must be 12 digits",
        o.accountId);
    require(o.stateDir != null, "--state-dir", "must be set", null);
    require(o.maxRecordBytes > 0, "--max-record-bytes", "must be > 0", o.maxRecordBytes);
    require(o.rateBurst >= 0, "--rate-burst", "must be >= 0", o.rateBurst);
    require(
        Double.isFinite(o.ratePerMinute) && o.ratePerMinute >= 0,
        "--rate-per-minute",
        "must be a finite number >= 0",
        o.ratePerMinute);
    require(o.breakerMaxActions >= 0, "--breaker-max", "must be >= 0", o.breakerMaxActions);
    require(o.pollIntervalMs > 0, "--poll-interval", "must be > 0", o.pollIntervalMs);
    require(notBlank(o.esIndexPrefix), "--es-index-prefix", "must not be blank", o.esIndexPrefix);
    // The flags' converter already refuses negative durations; this holds for copies made in code.
    requireDuration(o.maxLifetimeMs, "--max-lifetime");
    requireDuration(o.maxClockSkewMs, "--max-clock-skew");
    requireDuration(o.cooldownMs, "--cooldown");
    requireDuration(o.breakerWindowMs, "--breaker-window");
    requireDuration(o.breakerOpenMs, "--breaker-open");
  }

  private static void requireDuration(long ms, String flag) {
    require(ms >= 0, flag, "must not be negative", ms);
  }

  private static void require(boolean ok, String flag, String rule, Object value) {
    if (!ok)
      throw new IllegalArgumentException(flag + " " + rule + " (got '" + shown(value) + "')");
  }

  /** A refused value as echoed: hostile input, so control characters escaped and length capped. */
  private static String shown(Object value) {
    String v = String.valueOf(value);
    if (v.length() > 64) v = v.substring(0, 64) + "...";
    StringBuilder out = new StringBuilder();
    for (char ch : v.toCharArray()) {
      out.append(Character.isISOControl(ch) ? String.format("\\u%04x", (int) ch) : ch);
    }
    return out.toString();
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

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

  /** The settings for logs: the secret key and any user:password in the ES URL are masked. */
  @Override
  public String toString() {
    return "ActuatorConfig{stream="
        + streamName
        + ", region="
        + region
        + ", accountId="
        + accountId
        + ", audience="
        + audience()
        + ", dryRun="
        + dryRun
        + ", stateDir="
        + stateDir
        + ", allow="
        + allow
        + ", deny="
        + deny
        + ", cooldownMs="
        + cooldownMs
        + ", rateBurst="
        + rateBurst
        + ", ratePerMinute="
        + ratePerMinute
        + ", breakerMax="
        + breakerMaxActions
        + ", kmsKeyId="
        + kmsKeyId
        + ", accessKeyId="
        + accessKeyId
        + ", secretAccessKey="
        + (secretAccessKey == null ? null : "***")
        + ", esUrl="
        + (esUrl == null ? null : esUrl.replaceAll("//[^/@]*@", "//***@"))
        + "}";
  }
}
