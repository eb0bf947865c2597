package io.vigil.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.aws.AwsAccess;
import io.vigil.aws.AwsClients;
import io.vigil.models.Json;
import io.vigil.models.action.RemediationAction;
import io.vigil.remediation.ActionSigner;
import io.vigil.testkit.kinesalite.Kinesalite;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** A Flink pipeline writes actions to a real Kinesis API (kinesalite); they come back signed. */
class RemediationTopicSinkITCase {
  static final String KEY = "job-test-key-job-test-key-job-test-key!";

  @Test
  void actionsArriveSignedAndKeyedByFunction() throws Exception {
    Kinesalite kl = null;
    System.setProperty("aws.accessKeyId", "AKIDTEST");
    System.setProperty("aws.secretAccessKey", "secret");
    try {
      kl = Kinesalite.start();
      AwsAccess access = new AwsAccess("us-east-1", kl.endpoint(), "AKIDTEST", "secret");
      try (KinesisClient kinesis = AwsClients.create(KinesisClient.builder(), access)) {
        kinesis.createStream(b -> b.streamName("vigil-remediation").shardCount(1));
        for (int i = 0; i < 600; i++) {
          String s =
              kinesis
                  .describeStreamSummary(b -> b.streamName("vigil-remediation"))
                  .streamDescriptionSummary()
                  .streamStatusAsString();
          if (s.equals("ACTIVE")) break;
          Thread.sleep(100);
        }
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.fromData(action("a1", "orders"), action("a2", "billing"))
            .sinkTo(
                new RemediationTopicSink(
                    "vigil-remediation",
                    "us-east-1",
                    access.endpoint(),
                    () -> new ActionSigner(KEY.getBytes(StandardCharsets.UTF_8))));
        env.execute("sink-test");

        String shard =
            kinesis.listShards(b -> b.streamName("vigil-remediation")).shards().get(0).shardId();
        String it =
            kinesis
                .getShardIterator(
                    b ->
                        b.streamName("vigil-remediation")
                            .shardId(shard)
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        List<Record> recs = kinesis.getRecords(b -> b.shardIterator(it)).records();
        ActionSigner verifier = new ActionSigner(KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(recs).extracting(Record::partitionKey).containsExactly("orders", "billing");
        assertThat(recs).allMatch(r -> verifier.verify(r.data().asUtf8String()));
        RemediationAction first =
            Json.read(recs.get(0).data().asUtf8String(), RemediationAction.class);
        assertThat(first.id).isEqualTo("a1");
        // Signed in the current version, for the stream as audience, lifetime from emission.
        assertThat(first.schemaVersion).isEqualTo(RemediationAction.SCHEMA_VERSION);
        assertThat(first.audience).isEqualTo("vigil-remediation");
        assertThat(first.expiresAt - first.createdAt).isEqualTo(1);
        assertThat(first.createdAt).isGreaterThan(System.currentTimeMillis() - 600_000L);
      }
    } finally {
      if (kl != null) kl.close();
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  static RemediationAction action(String id, String fn) {
    RemediationAction a = new RemediationAction();
    a.id = id;
    a.type = "QUARANTINE";
    a.functionName = fn;
    a.createdAt = 1;
    a.expiresAt = 2;
    return a;
  }
}
