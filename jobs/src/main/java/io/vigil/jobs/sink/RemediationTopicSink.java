package io.vigil.jobs.sink;

import io.vigil.aws.AwsAccess;
import io.vigil.aws.AwsClients;
import io.vigil.models.action.RemediationAction;
import io.vigil.remediation.KmsSigner;
import io.vigil.remediation.MessageSigner;
import io.vigil.remediation.RemediationTopicWriter;
import io.vigil.remediation.SigningKeys;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Publishes actions to the remediation topic through {@link RemediationTopicWriter} (signed,
 * PutRecords, partition key = function name). Buffers up to 500 actions or one second, and flushes
 * everything at each checkpoint: a checkpoint completes only when its actions are in Kinesis, so
 * delivery is at-least-once, and the actuator de-duplicates by action id. Each action is signed in
 * the current schema version for the configured audience (default: the stream name), with its
 * planned lifetime re-based on the emission time (see {@link RemediationTopicWriter}).
 */
public class RemediationTopicSink implements Sink<RemediationAction> {
  private static final long serialVersionUID = 1L;
  private static final long FLUSH_INTERVAL_MS = 1000;

  /** Creates the signer on the task manager (the key never travels in the job graph). */
  @FunctionalInterface
  public interface SignerFactory extends Serializable {
    MessageSigner create();
  }

  private final String stream;
  private final String region;
  private final String endpoint;
  private final SignerFactory signers;
  private final String audience;

  public RemediationTopicSink(
      String stream, String region, String endpoint, SignerFactory signers) {
    this(stream, region, endpoint, null, signers);
  }

  public RemediationTopicSink(
      String stream, String region, String endpoint, String audience, SignerFactory signers) {
    this.stream = stream;
    this.region = region;
    this.endpoint = endpoint;
    this.audience = audience == null || audience.isEmpty() ? stream : audience;
    this.signers = signers;
  }

  /** Key from VIGIL_HMAC_KEY or the Secrets Manager secret VIGIL_HMAC_SECRET_ID. */
  public static RemediationTopicSink fromEnvironment(
      String stream, String region, String endpoint) {
    return fromEnvironment(stream, region, endpoint, null);
  }

  public static RemediationTopicSink fromEnvironment(
      String stream, String region, String endpoint, String audience) {
    return fromEnvironment(stream, region, endpoint, audience, null);
  }

  /**
   * With {@code kmsKeyId}: signs with that AWS KMS asymmetric key ({@code kms:Sign},
   * ECDSA_SHA_256); the actuator verifies with its public key. Else HMAC as above.
   */
  public static RemediationTopicSink fromEnvironment(
      String stream, String region, String endpoint, String audience, String kmsKeyId) {
    return new RemediationTopicSink(
        stream,
        region,
        endpoint,
        audience,
        () -> {
          AwsAccess regional = AwsAccess.of(region, null);
          return SigningKeys.signer(regional, regional, kmsKeyId, KmsSigner.DEFAULT_ALGORITHM);
        });
  }

  @Override
  @SuppressWarnings("deprecation")
  public SinkWriter<RemediationAction> createWriter(InitContext context) {
    return open();
  }

  @Override
  public SinkWriter<RemediationAction> createWriter(WriterInitContext context) {
    return open();
  }

  private SinkWriter<RemediationAction> open() {
    KinesisClient kinesis =
        AwsClients.create(KinesisClient.builder(), AwsAccess.of(region, endpoint));
    return new Writer(
        kinesis,
        new RemediationTopicWriter(
            kinesis, stream, audience, signers.create(), 5, java.time.Clock.systemUTC()));
  }

  private static final class Writer implements SinkWriter<RemediationAction> {
    private final KinesisClient kinesis;
    private final RemediationTopicWriter writer;
    private final List<RemediationAction> buffer = new ArrayList<>();
    private long lastFlush = System.currentTimeMillis();

    Writer(KinesisClient kinesis, RemediationTopicWriter writer) {
      this.kinesis = kinesis;
      this.writer = writer;
    }

    @Override
    public void write(RemediationAction a, Context context) throws IOException {
      buffer.add(a);
      if (buffer.size() >= RemediationTopicWriter.MAX_BATCH
          || System.currentTimeMillis() - lastFlush >= FLUSH_INTERVAL_MS) {
        send();
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      send();
    }

    private void send() throws IOException {
      lastFlush = System.currentTimeMillis();
      if (buffer.isEmpty()) return;
      List<RemediationAction> failed = writer.write(buffer);
      buffer.clear();
      if (!failed.isEmpty()) {
        throw new IOException(
            failed.size() + " remediation action(s) could not be written to Kinesis");
      }
    }

    @Override
    public void close() {
      kinesis.close();
    }
  }
}
