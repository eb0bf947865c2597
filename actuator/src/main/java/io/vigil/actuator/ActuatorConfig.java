package io.vigil.actuator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every actuator setting with its default. Dry-run is on unless explicitly turned off. */
public final class ActuatorConfig {
  public String streamName = "vigil-remediation";

  /** The actuator's own region: only functions in it are acted on. */
  public String region = "us-east-1";

  /**
   * The actuator's own AWS account (12 digits): only functions in it are acted on. Unset: every
   * containment is denied (fail closed; dry-run still reports what it would do).
   */
  public String accountId;

  /** Audience the messages must be signed for; null = the stream name. */
  public String audience;

  /** Records larger than this are dead-lettered unread. */
  public int maxRecordBytes = 64 * 1024;

  /** Longest accepted {@code expiresAt - createdAt}. */
  public long maxLifetimeMs = io.vigil.models.action.RemediationAction.MAX_LIFETIME_MS;

  /** How far in the future {@code createdAt} may be (the job's clock may run ahead). */
  public long maxClockSkewMs = 5 * 60_000L;

  public String kinesisEndpoint;
  public String lambdaEndpoint;
  public String secretsEndpoint;
  public String kmsEndpoint;

  /**
   * Asymmetric verification: the KMS key whose public key (GetPublicKey, fetched once at start)
   * verifies the messages. Unset: HMAC ({@code VIGIL_HMAC_KEY} or Secrets Manager).
   */
  public String kmsKeyId;

  /** KMS signing algorithm: {@code ECDSA_SHA_256} or {@code RSASSA_PKCS1_V1_5_SHA_256}. */
  public String signingAlgorithm = "ECDSA_SHA_256";

  public String accessKeyId;
  public String secretAccessKey;
  public Path stateDir = Path.of("actuator-state");

  /** Global dry-run: nothing is changed in AWS whatever the message mode says. */
  public boolean dryRun = true;

  /** Folder of GitOps LambdaFunction manifests, for RIGHTSIZE patches. */
  public Path manifestsDir;

  /** ISOLATE_NETWORK group when the message does not name one. */
  public String quarantineSecurityGroup;

  /** Function-name globs that may be touched (empty = all) and never (wins over allow). */
  public List<String> allow = new ArrayList<>();

  public List<String> deny = new ArrayList<>();

  /** Tag that protects a function from any change, and its value. */
  public String protectedTagKey = "vigil:protected";

  public String protectedTagValue = "true";

  /** No second containment on the same function within this time. */
  public long cooldownMs = 15 * 60_000L;

  /** Token bucket: burst and refill per minute. */
  public int rateBurst = 5;

  public double ratePerMinute = 5;

  /** Circuit breaker: more than this many actions within the window trips it open. */
  public int breakerMaxActions = 20;

  public long breakerWindowMs = 10 * 60_000L;
  public long breakerOpenMs = 30 * 60_000L;

  /**
   * Elasticsearch/OpenSearch URLs (comma-separated) to copy every audit decision to, into {@code
   * <esIndexPrefix>-actions-yyyy.MM}. Unset: the JSONL trail only (always written).
   */
  public String esUrl;

  public String esIndexPrefix = "vigil";

  public long pollIntervalMs = 1000;
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

  /**
   * Parses {@code --name value} pairs (names as the fields, kebab-case): used by {@link
   * ActuatorMain}; the {@code vigil actuator run} command maps its own options.
   */
  public static ActuatorConfig fromArgs(String... args) {
    ActuatorConfig c = new ActuatorConfig();
    for (int i = 0; i < args.length; i++) {
      String k = args[i];
      if (!k.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got " + k);
      }
      String v = args[++i];
      switch (k.substring(2)) {
        case "stream" -> c.streamName = v;
        case "region" -> c.region = v;
        case "account-id" -> c.accountId = v;
        case "audience" -> c.audience = v;
        case "max-record-bytes" -> c.maxRecordBytes = Integer.parseInt(v);
        case "max-lifetime" -> c.maxLifetimeMs = durationMs(v);
        case "max-clock-skew" -> c.maxClockSkewMs = durationMs(v);
        case "kinesis-endpoint" -> c.kinesisEndpoint = v;
        case "lambda-endpoint" -> c.lambdaEndpoint = v;
        case "secrets-endpoint" -> c.secretsEndpoint = v;
        case "kms-endpoint" -> c.kmsEndpoint = v;
        case "kms-key-id" -> c.kmsKeyId = v;
        case "signing-algorithm" -> c.signingAlgorithm = v;
        case "access-key-id" -> c.accessKeyId = v;
        case "secret-access-key" -> c.secretAccessKey = v;
        case "state-dir" -> c.stateDir = Path.of(v);
        case "dry-run" -> c.dryRun = Boolean.parseBoolean(v);
        case "manifests" -> c.manifestsDir = Path.of(v);
        case "quarantine-sg" -> c.quarantineSecurityGroup = v;
        case "allow" -> c.allow.add(v);
        case "deny" -> c.deny.add(v);
        case "cooldown" -> c.cooldownMs = durationMs(v);
        case "rate-burst" -> c.rateBurst = Integer.parseInt(v);
        case "rate-per-minute" -> c.ratePerMinute = Double.parseDouble(v);
        case "breaker-max" -> c.breakerMaxActions = Integer.parseInt(v);
        case "breaker-window" -> c.breakerWindowMs = durationMs(v);
        case "breaker-open" -> c.breakerOpenMs = durationMs(v);
        case "poll-interval" -> c.pollIntervalMs = durationMs(v);
        case "es-url" -> c.esUrl = v;
        case "es-index-prefix" -> c.esIndexPrefix = v;
        default -> throw new IllegalArgumentException("unknown option " + k);
      }
    }
    return c;
  }

  /** {@code 250ms}, {@code 30s}, {@code 15m}, {@code 2h}, or plain milliseconds. */
  public static long durationMs(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    if (v.endsWith("ms")) return Long.parseLong(v.substring(0, v.length() - 2));
    long unit =
        switch (v.charAt(v.length() - 1)) {
          case 's' -> 1000L;
          case 'm' -> 60_000L;
          case 'h' -> 3_600_000L;
          case 'd' -> 86_400_000L;
          default -> 0L;
        };
    if (unit == 0) return Long.parseLong(v);
    return Long.parseLong(v.substring(0, v.length() - 1)) * unit;
  }
}
