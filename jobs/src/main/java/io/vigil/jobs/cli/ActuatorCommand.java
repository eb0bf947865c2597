package io.vigil.jobs.cli;

import io.vigil.actuator.ActuatorConfig;
import io.vigil.actuator.ActuatorMain;
import io.vigil.actuator.aws.SigningKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil actuator run}: the remediation consumer. */
@Command(
    name = "actuator",
    mixinStandardHelpOptions = true,
    description = "The guarded remediation actuator.",
    subcommands = {ActuatorCommand.Run.class})
public final class ActuatorCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Polls the remediation stream until interrupted (Ctrl-C / SIGTERM). */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Consumes the remediation topic and acts under guardrails. Dry-run unless --no-dry-run.",
        "HMAC key from VIGIL_HMAC_KEY, or Secrets Manager secret VIGIL_HMAC_SECRET_ID;"
            + " or --kms-key-id to verify asymmetric KMS signatures."
      })
  public static final class Run implements Callable<Integer> {
    @Option(names = "--stream", defaultValue = "vigil-remediation", description = "Stream name.")
    String stream;

    @Option(
        names = "--region",
        defaultValue = "us-east-1",
        description = "The actuator's region: only functions in it are acted on.")
    String region;

    @Option(
        names = "--account-id",
        description =
            "The actuator's own AWS account (12 digits): only its functions are acted on."
                + " Unset: every containment is denied (dry-run still reports).")
    String accountId;

    @Option(
        names = "--audience",
        description = "Audience messages must be signed for (default: the stream name).")
    String audience;

    @Option(
        names = "--kms-key-id",
        description =
            "Verify with this AWS KMS asymmetric key's public key (GetPublicKey) instead of HMAC.")
    String kmsKeyId;

    @Option(names = "--kms-endpoint", description = "KMS endpoint override (tests).")
    String kmsEndpoint;

    @Option(
        names = "--max-lifetime",
        defaultValue = "24h",
        description = "Longest accepted action lifetime (expiresAt - createdAt).")
    String maxLifetime;

    @Option(
        names = "--max-clock-skew",
        defaultValue = "5m",
        description = "How far in the future createdAt may be.")
    String maxClockSkew;

    @Option(names = "--kinesis-endpoint", description = "Kinesis endpoint override (kinesalite).")
    String kinesisEndpoint;

    @Option(names = "--lambda-endpoint", description = "Lambda endpoint override (tests).")
    String lambdaEndpoint;

    @Option(names = "--access-key-id", description = "Static credentials (local stand-ins only).")
    String accessKeyId;

    @Option(names = "--secret-access-key", description = "Static credentials (local only).")
    String secretAccessKey;

    @Option(
        names = "--state-dir",
        defaultValue = "actuator-state",
        description = "Ledger, checkpoints, approvals, audit (default: actuator-state).")
    Path stateDir;

    @Option(
        names = "--dry-run",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "Change nothing in AWS (default: true; --no-dry-run to enforce).")
    boolean dryRun;

    @Option(names = "--manifests", description = "GitOps manifests folder for RIGHTSIZE patches.")
    Path manifests;

    @Option(names = "--quarantine-sg", description = "Default ISOLATE_NETWORK security group.")
    String quarantineSg;

    @Option(names = "--allow", description = "Function-name glob that may be touched (repeat).")
    List<String> allow = new ArrayList<>();

    @Option(names = "--deny", description = "Function-name glob never touched (repeat).")
    List<String> deny = new ArrayList<>();

    @Option(names = "--cooldown", defaultValue = "15m", description = "Per-function cooldown.")
    String cooldown;

    @Option(names = "--rate-burst", defaultValue = "5", description = "Token bucket size.")
    int rateBurst;

    @Option(names = "--rate-per-minute", defaultValue = "5", description = "Token refill.")
    double ratePerMinute;

    @Option(names = "--breaker-max", defaultValue = "20", description = "Breaker bound.")
    int breakerMax;

    @Option(names = "--breaker-window", defaultValue = "10m", description = "Breaker window.")
    String breakerWindow;

    @Option(names = "--breaker-open", defaultValue = "30m", description = "Breaker open time.")
    String breakerOpen;

    @Option(names = "--poll-interval", defaultValue = "1s", description = "Idle poll interval.")
    String pollInterval;

    @Option(
        names = "--es-url",
        description =
            "Also index every audit decision into <prefix>-actions-yyyy.MM at these"
                + " Elasticsearch/OpenSearch URLs (comma-separated; credentials from VIGIL_ES_*)."
                + " Best effort: the JSONL audit trail stays the source of truth.")
    String esUrl;

    @Option(names = "--es-index-prefix", defaultValue = "vigil", description = "Index prefix.")
    String esIndexPrefix;

    @Override
    public Integer call() throws Exception {
      ActuatorConfig c = config();
      AtomicBoolean stop = new AtomicBoolean();
      Thread main = Thread.currentThread();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stop.set(true);
                    try {
                      main.join(10_000);
                    } catch (InterruptedException ignored) {
                      Thread.currentThread().interrupt();
                    }
                  }));
      ActuatorMain.run(c, SigningKeys.resolve(c), stop);
      return 0;
    }

    ActuatorConfig config() {
      ActuatorConfig c = new ActuatorConfig();
      c.streamName = stream;
      c.region = region;
      c.accountId = accountId;
      c.audience = audience;
      c.kmsKeyId = kmsKeyId;
      c.kmsEndpoint = kmsEndpoint;
      c.maxLifetimeMs = ActuatorConfig.durationMs(maxLifetime);
      c.maxClockSkewMs = ActuatorConfig.durationMs(maxClockSkew);
      c.kinesisEndpoint = kinesisEndpoint;
      c.lambdaEndpoint = lambdaEndpoint;
      c.accessKeyId = accessKeyId;
      c.secretAccessKey = secretAccessKey;
      c.stateDir = stateDir;
      c.dryRun = dryRun;
      c.manifestsDir = manifests;
      c.quarantineSecurityGroup = quarantineSg;
      c.allow = allow;
      c.deny = deny;
      c.cooldownMs = ActuatorConfig.durationMs(cooldown);
      c.rateBurst = rateBurst;
      c.ratePerMinute = ratePerMinute;
      c.breakerMaxActions = breakerMax;
      c.breakerWindowMs = ActuatorConfig.durationMs(breakerWindow);
      c.breakerOpenMs = ActuatorConfig.durationMs(breakerOpen);
      c.pollIntervalMs = ActuatorConfig.durationMs(pollInterval);
      c.esUrl = esUrl;
      c.esIndexPrefix = esIndexPrefix;
      return c;
    }
  }
}
