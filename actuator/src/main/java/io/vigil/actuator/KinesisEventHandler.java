package io.vigil.actuator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.vigil.actuator.audit.JsonlAuditSink;
import io.vigil.actuator.aws.AwsClients;
import io.vigil.actuator.aws.LambdaOps;
import io.vigil.actuator.aws.SigningKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The actuator as a Lambda function behind a Kinesis event-source mapping. The mapping's own
 * checkpointing replaces {@link io.vigil.actuator.store.CheckpointStore}; idempotency still comes
 * from the ledger, which must live on durable shared storage (EFS mounted at {@code
 * VIGIL_STATE_DIR}) because Lambda's /tmp does not survive. Enable {@code ReportBatchItemFailures}:
 * a record whose handling throws is reported, and the batch resumes from it; records already
 * decided are skipped as duplicates. Configuration from environment: every flag of {@link
 * ActuatorConfig} as {@code VIGIL_<FLAG>}, e.g. {@code VIGIL_STATE_DIR} (default {@value
 * #LAMBDA_STATE_DIR}), {@code VIGIL_DRY_RUN} (default true), {@code VIGIL_QUARANTINE_SG}, {@code
 * VIGIL_ACCOUNT_ID} (the function's own account; unset = every containment denied), {@code
 * VIGIL_STREAM} / {@code VIGIL_AUDIENCE} (the audience messages must be signed for), {@code
 * VIGIL_ALLOW} / {@code VIGIL_DENY} (comma-separated globs), {@code VIGIL_KMS_KEY_ID} (verify KMS
 * asymmetric signatures) or {@code VIGIL_HMAC_KEY} / {@code VIGIL_HMAC_SECRET_ID}; the region from
 * {@code AWS_REGION} unless {@code VIGIL_REGION} is set.
 */
public final class KinesisEventHandler
    implements RequestHandler<KinesisEvent, StreamsEventResponse> {
  private final Actuator actuator;

  /** Used by the Lambda runtime. */
  public KinesisEventHandler() {
    this(fromEnv());
  }

  public KinesisEventHandler(Actuator actuator) {
    this.actuator = actuator;
    actuator.recover();
  }

  /** Where the ledger lives on Lambda unless {@code VIGIL_STATE_DIR} says otherwise (EFS). */
  static final String LAMBDA_STATE_DIR = "/mnt/vigil";

  private static Actuator fromEnv() {
    ActuatorConfig cfg = config(System.getenv());
    return new Actuator(
        cfg,
        Clock.systemUTC(),
        SigningKeys.resolve(cfg),
        new LambdaOps(AwsClients.lambda(cfg)),
        new JsonlAuditSink(cfg.auditFile()));
  }

  /**
   * The settings from the function's environment ({@link ActuatorConfig#fromEnv}), with Lambda's
   * own facts underneath: the ledger on the EFS mount, the region the runtime sets in {@code
   * AWS_REGION}.
   */
  static ActuatorConfig config(Map<String, String> env) {
    Map<String, String> withLambdaFacts = new HashMap<>();
    withLambdaFacts.put(ActuatorConfig.envName("--state-dir"), LAMBDA_STATE_DIR);
    if (env.get("AWS_REGION") != null) {
      withLambdaFacts.put(ActuatorConfig.envName("--region"), env.get("AWS_REGION"));
    }
    withLambdaFacts.putAll(env);
    return ActuatorConfig.fromEnv(withLambdaFacts);
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
    for (KinesisEvent.KinesisEventRecord r : event.getRecords()) {
      var k = r.getKinesis();
      try {
        byte[] data = new byte[k.getData().remaining()];
        k.getData().duplicate().get(data);
        actuator.handle(data, new Actuator.Source(streamOf(r), shardOf(r), k.getSequenceNumber()));
      } catch (RuntimeException e) { // state folder or audit unwritable: retry from here
        failures.add(new StreamsEventResponse.BatchItemFailure(k.getSequenceNumber()));
        break; // later records are redelivered with this one
      }
    }
    actuator.tick();
    return new StreamsEventResponse(failures);
  }

  /** Stream name from the event-source ARN ({@code arn:aws:kinesis:R:A:stream/NAME}). */
  private static String streamOf(KinesisEvent.KinesisEventRecord r) {
    String arn = r.getEventSourceARN();
    return arn == null ? null : arn.substring(arn.indexOf('/') + 1);
  }

  private static String shardOf(KinesisEvent.KinesisEventRecord r) {
    String id = r.getEventID(); // shardId-000000000000:sequenceNumber
    return id == null || id.indexOf(':') < 0 ? id : id.substring(0, id.indexOf(':'));
  }
}
