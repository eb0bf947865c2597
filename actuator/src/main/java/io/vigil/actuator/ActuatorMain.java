package io.vigil.actuator;

import io.vigil.actuator.audit.AuditSink;
import io.vigil.actuator.audit.ElasticsearchAuditSink;
import io.vigil.actuator.audit.JsonlAuditSink;
import io.vigil.actuator.audit.TeeAuditSink;
import io.vigil.actuator.aws.LambdaOps;
import io.vigil.actuator.store.CheckpointStore;
import io.vigil.remediation.MessageSigner;
import io.vigil.remediation.SigningKeys;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Runs the long-lived poller: {@code java io.vigil.actuator.ActuatorMain --stream S --state-dir D
 * --account-id A ...} (the flags of {@link ActuatorOptions}; {@code --help} lists them).
 * Verification: the KMS public key with {@code --kms-key-id}, else the HMAC key from {@code
 * VIGIL_HMAC_KEY} or Secrets Manager ({@link SigningKeys}).
 */
public final class ActuatorMain {
  private ActuatorMain() {}

  public static void main(String[] args) throws Exception {
    ActuatorOptions options = new ActuatorOptions();
    CommandLine cli = new CommandLine(options).setCommandName("ActuatorMain");
    if (List.of(args).contains("--help")) {
      cli.usage(System.out);
      return;
    }
    ActuatorConfig cfg = null;
    try {
      cli.parseArgs(args);
      cfg = options.build();
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      // fail closed: nothing runs on a bad flag or a value the flag may not take
      System.err.println(e.getMessage());
      cli.usage(System.err);
      System.exit(2);
    }
    run(cfg, cfg.verifier(System.getenv()), new AtomicBoolean());
  }

  public static void run(ActuatorConfig cfg, MessageSigner signer, AtomicBoolean stop)
      throws InterruptedException {
    try (LambdaClient lambda = cfg.lambdaClient();
        KinesisClient kinesis = cfg.kinesisClient();
        AuditSink audit = auditSink(cfg, System.getenv())) {
      Actuator actuator =
          new Actuator(cfg, Clock.systemUTC(), signer, new LambdaOps(lambda), audit);
      CheckpointStore cp = new CheckpointStore(cfg.stateDir.resolve("checkpoints.properties"));
      new KinesisPoller(
              kinesis, cfg.streamName, actuator, cp, cfg.getRecordsLimit, cfg.pollIntervalMs)
          .run(stop);
    }
  }

  /** The JSONL trail, plus a copy to Elasticsearch with {@code --es-url}. */
  public static AuditSink auditSink(ActuatorConfig cfg, Map<String, String> env) {
    JsonlAuditSink jsonl = new JsonlAuditSink(cfg.auditFile());
    if (cfg.esUrl == null || cfg.esUrl.isBlank()) return jsonl;
    return new TeeAuditSink(
        jsonl,
        new ElasticsearchAuditSink(
            ElasticsearchAuditSink.client(cfg.esUrl, env), cfg.esIndexPrefix, 10_000, 30_000));
  }
}
