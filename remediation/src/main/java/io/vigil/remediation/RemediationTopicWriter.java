package io.vigil.remediation;

import io.vigil.models.action.RemediationAction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Publishes signed actions to the remediation topic with PutRecords (partition key = function name,
 * so one function's actions stay ordered on one shard). Partial failures are retried, only the
 * failed entries, up to {@code maxAttempts}; what still fails is returned so a Flink sink can fail
 * the checkpoint. Retries may duplicate a record: the actuator is idempotent by action id. Plain
 * Java, no Flink: the job wraps it as a sink.
 *
 * <p>Each action is stamped at emission ({@link RemediationAction#emitted}): current schema
 * version, the audience (by default the stream name, so a record copied to another actuator's
 * stream is rejected there), and its planned lifetime re-based on the emission time. The caller's
 * object is not changed.
 */
public final class RemediationTopicWriter {
  /** Kinesis PutRecords limit. */
  public static final int MAX_BATCH = 500;

  private final KinesisClient kinesis;
  private final String stream;
  private final MessageSigner signer;
  private final int maxAttempts;
  private final String audience;
  private final Clock clock;

  public RemediationTopicWriter(
      KinesisClient kinesis, String stream, MessageSigner signer, int maxAttempts) {
    this(kinesis, stream, stream, signer, maxAttempts, Clock.systemUTC());
  }

  public RemediationTopicWriter(
      KinesisClient kinesis,
      String stream,
      String audience,
      MessageSigner signer,
      int maxAttempts,
      Clock clock) {
    this.kinesis = kinesis;
    this.stream = stream;
    this.audience = audience == null || audience.isEmpty() ? stream : audience;
    this.signer = signer;
    this.maxAttempts = maxAttempts;
    this.clock = clock;
  }

  /** Signs and writes; returns the actions that could not be written (empty on success). */
  public List<RemediationAction> write(List<RemediationAction> actions) {
    List<RemediationAction> failed = new ArrayList<>();
    for (int from = 0; from < actions.size(); from += MAX_BATCH) {
      failed.addAll(writeBatch(actions.subList(from, Math.min(actions.size(), from + MAX_BATCH))));
    }
    return failed;
  }

  private List<RemediationAction> writeBatch(List<RemediationAction> batch) {
    List<RemediationAction> pending = new ArrayList<>(batch);
    List<PutRecordsRequestEntry> entries = new ArrayList<>();
    for (RemediationAction a : pending) entries.add(entry(a));
    for (int attempt = 1; attempt <= maxAttempts && !pending.isEmpty(); attempt++) {
      List<PutRecordsRequestEntry> req = entries;
      PutRecordsResponse r = kinesis.putRecords(b -> b.streamName(stream).records(req));
      if (r.failedRecordCount() == null || r.failedRecordCount() == 0) return List.of();
      List<RemediationAction> retryActions = new ArrayList<>();
      List<PutRecordsRequestEntry> retryEntries = new ArrayList<>();
      List<PutRecordsResultEntry> results = r.records();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).errorCode() != null) {
          retryActions.add(pending.get(i));
          retryEntries.add(entries.get(i));
        }
      }
      pending = retryActions;
      entries = retryEntries;
    }
    return pending;
  }

  private PutRecordsRequestEntry entry(RemediationAction planned) {
    RemediationAction a = planned.emitted(clock.millis(), audience);
    String json = signer.sign(a);
    return PutRecordsRequestEntry.builder()
        .partitionKey(a.functionName)
        .data(SdkBytes.fromUtf8String(json))
        .build();
  }
}
