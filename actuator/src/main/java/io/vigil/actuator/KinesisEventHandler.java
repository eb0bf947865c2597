package io.vigil.actuator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.vigil.actuator.audit.AuditSink;
import io.vigil.actuator.aws.LambdaOps;
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
 * ActuatorOptions} as {@code VIGIL_<FLAG>}, e.g. {@code VIGIL_STATE_DIR} (default {@value
 * #LAMBDA_STATE_DIR}), {@code VIGIL_DRY_RUN} (default true), {@code VIGIL_QUARANTINE_SG}, {@code
 * VIGIL_ACCOUNT_ID} (the function's own account; unset = every containment denied), {@code
 * VIGIL_STREAM} / {@code VIGIL_AUDIENCE} (the audience messages must be signed for), {@code
 * VIGIL_ALLOW} / {@code VIGIL_DENY} (comma-separated globs), {@code VIGIL_KMS_KEY_ID} (verify KMS
 * asymmetric signatures) or {@code VIGIL_HMAC_KEY} / {@code VIGIL_HMAC_SECRET_ID}; the region from
 * {@code AWS_REGION} unless {@code VIGIL_REGION} is set.
 *
 * <p>Audit: the JSONL trail in the state folder, plus, with {@code VIGIL_ES_URL} (comma-separated
 * URLs; {@code VIGIL_ES_INDEX_PREFIX}, default {@code vigil}; credentials {@code VIGIL_ES_API_KEY}
 * or {@code VIGIL_ES_USERNAME} / {@code VIGIL_ES_PASSWORD}), the same Elasticsearch copy as the
 * long-running actuator. Lambda freezes the sandbox between invocations, so the background sender
 * cannot be relied on after {@link #handleRequest} returns: each invocation waits for its copies up
 * to {@code VIGIL_ES_FLUSH_TIMEOUT_MS} (default 5000), never past the invocation's remaining time
 * less one second. What is still unsent stays queued for the next invocation of the same sandbox;
 * the JSONL trail has every decision either way.
 */
public final class KinesisEventHandler
    implements RequestHandler<KinesisEvent, StreamsEventResponse> {
  static final long DEFAULT_FLUSH_MS = 5_000;

  private final Actuator actuator;
  private final AuditSink audit;
  private final long flushMs;

  /** Used by the Lambda runtime. */
  public KinesisEventHandler() {
    this(System.getenv());
  }

  private KinesisEventHandler(Map<String, String> env) {
    this(fromEnv(env), env);
  }

  private KinesisEventHandler(Wiring w, Map<String, String> env) {
    this(w.actuator(), w.audit(), flushTimeout(env));
  }

  /** Without an audit copy to flush (the actuator's own sink writes synchronously). */
  public KinesisEventHandler(Actuator actuator) {
    this(actuator, null, 0);
  }

  /** {@code audit}: the actuator's sink, flushed for up to {@code flushMs} per invocation. */
  public KinesisEventHandler(Actuator actuator, AuditSink audit, long flushMs) {
    this.actuator = actuator;
    this.audit = audit;
    this.flushMs = flushMs;
    actuator.recover();
  }

  /** The actuator and its audit sink as configured by {@code env}. */
  record Wiring(Actuator actuator, AuditSink audit, ActuatorConfig config) {}

  static Wiring fromEnv(Map<String, String> env) {
    return wire(config(env), env);
  }

  /** The actuator for {@code cfg}; signing keys and ES credentials from {@code env}. */
  static Wiring wire(ActuatorConfig cfg, Map<String, String> env) {
    AuditSink audit = ActuatorMain.auditSink(cfg, env);
    return new Wiring(
        new Actuator(
            cfg, Clock.systemUTC(), cfg.verifier(env), new LambdaOps(cfg.lambdaClient()), audit),
        audit,
        cfg);
  }

  /** {@code VIGIL_ES_FLUSH_TIMEOUT_MS}; a malformed value fails the cold start (fail closed). */
  static long flushTimeout(Map<String, String> env) {
    String v = env.get("VIGIL_ES_FLUSH_TIMEOUT_MS");
    if (v == null || v.isBlank()) return DEFAULT_FLUSH_MS;
    long ms = Long.parseLong(v.trim());
    if (ms < 0) throw new IllegalArgumentException("VIGIL_ES_FLUSH_TIMEOUT_MS must be >= 0");
    return ms;
  }

  /** Where the ledger lives on Lambda unless {@code VIGIL_STATE_DIR} says otherwise (EFS). */
  static final String LAMBDA_STATE_DIR = "/mnt/vigil";

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
    flushAudit(context);
    return new StreamsEventResponse(failures);
  }

  /** Gives the audit copy its time to reach Elasticsearch before the sandbox freezes. */
  private void flushAudit(Context context) {
    if (audit == null || flushMs <= 0) return;
    long budget = flushMs;
    if (context != null) budget = Math.min(budget, context.getRemainingTimeInMillis() - 1_000L);
    if (budget > 0) audit.flush(budget);
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
