package io.vigil.actuator.topic;

import io.vigil.models.action.ActionSigner;
import io.vigil.models.action.RemediationAction;
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
 */
public final class RemediationTopicWriter {
  /** Kinesis PutRecords limit. */
  public static final int MAX_BATCH = 500;

  private final KinesisClient kinesis;
  private final String stream;
  private final ActionSigner signer;
  private final int maxAttempts;

  public RemediationTopicWriter(
      KinesisClient kinesis, String stream, ActionSigner signer, int maxAttempts) {
    this.kinesis = kinesis;
    this.stream = stream;
    this.signer = signer;
    this.maxAttempts = maxAttempts;
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

  private PutRecordsRequestEntry entry(RemediationAction a) {
    String json = signer.sign(a);
    return PutRecordsRequestEntry.builder()
        .partitionKey(a.functionName)
        .data(SdkBytes.fromUtf8String(json))
        .build();
  }
}
