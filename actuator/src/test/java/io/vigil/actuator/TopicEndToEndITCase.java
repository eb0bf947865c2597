package io.vigil.actuator;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vigil.actuator.audit.AuditEvent;
import io.vigil.actuator.audit.JsonlAuditSink;
import io.vigil.actuator.aws.LambdaOps;
import io.vigil.actuator.store.CheckpointStore;
import io.vigil.models.action.RemediationAction;
import io.vigil.remediation.RemediationTopicWriter;
import io.vigil.testkit.kinesalite.Kinesalite;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** Topic writer -> kinesalite -> poller -> actuator -> WireMock, in one JVM. */
class TopicEndToEndITCase {
  @TempDir Path dir;

  @Test
  void writerPublishesSignedRecordsKeyedByFunctionAndThePollerActsOnThem() throws Exception {
    WireMockServer wm = new WireMockServer(options().dynamicPort());
    wm.start();
    try (Kinesalite kl = Kinesalite.start()) {
      ActuatorConfig cfg =
          ActuatorConfig.defaults()
              .with(
                  o -> {
                    o.stateDir = dir.resolve("state");
                    o.kinesisEndpoint = kl.endpoint();
                    o.lambdaEndpoint = "http://localhost:" + wm.port();
                    o.accessKeyId = "AKIDTEST";
                    o.accountId = TestActions.ACCOUNT;
                    o.secretAccessKey = "secret";
                    o.dryRun = false;
                    o.pollIntervalMs = 50;
                  });
      LambdaApiStub.noTags(wm);
      LambdaApiStub.concurrency(wm, "orders", null, 3, 0);
      LambdaApiStub.concurrency(wm, "billing", null, 0, 0);

      try (KinesisClient kinesis = cfg.kinesisClient();
          LambdaClient lambda = cfg.lambdaClient();
          JsonlAuditSink audit = new JsonlAuditSink(cfg.auditFile())) {
        kinesis.createStream(b -> b.streamName(cfg.streamName).shardCount(1));
        KillRestartITCase.waitFor(
            () ->
                kinesis
                    .describeStreamSummary(b -> b.streamName(cfg.streamName))
                    .streamDescriptionSummary()
                    .streamStatusAsString()
                    .equals("ACTIVE"));
        long now = System.currentTimeMillis();
        RemediationAction t = TestActions.action("e2e-1", "THROTTLE", "ENFORCE", "orders", now);
        t.reservedConcurrency = 3;
        RemediationAction q = TestActions.action("e2e-2", "QUARANTINE", "ENFORCE", "billing", now);
        RemediationAction n = TestActions.action("e2e-3", "NOTIFY", "DRY_RUN", "orders", now);
        RemediationTopicWriter writer =
            new RemediationTopicWriter(kinesis, cfg.streamName, TestActions.SIGNER, 3);
        assertThat(writer.write(List.of(t, q, n))).isEmpty();

        // On the wire: partition key = function name, every record verifies.
        String shard =
            kinesis.listShards(b -> b.streamName(cfg.streamName)).shards().get(0).shardId();
        String it =
            kinesis
                .getShardIterator(
                    b ->
                        b.streamName(cfg.streamName)
                            .shardId(shard)
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator();
        List<Record> recs = kinesis.getRecords(b -> b.shardIterator(it)).records();
        assertThat(recs)
            .extracting(Record::partitionKey)
            .containsExactly("orders", "billing", "orders");
        assertThat(recs).allMatch(r -> TestActions.SIGNER.verify(r.data().asUtf8String()));

        Actuator act =
            new Actuator(cfg, Clock.systemUTC(), TestActions.SIGNER, new LambdaOps(lambda), audit);
        CheckpointStore cp = new CheckpointStore(cfg.stateDir.resolve("checkpoints.properties"));
        KinesisPoller poller = new KinesisPoller(kinesis, cfg.streamName, act, cp, 100, 50);
        AtomicBoolean stop = new AtomicBoolean();
        Thread th =
            new Thread(
                () -> {
                  try {
                    poller.run(stop);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        th.start();
        try {
          KillRestartITCase.waitFor(
              () -> recs.get(2).sequenceNumber().equals(cp.get(cfg.streamName, shard)));
        } finally {
          stop.set(true);
          th.join();
        }
        wm.verify(
            1,
            putRequestedFor(urlPathEqualTo(LambdaApiStub.path(LambdaApiStub.CONC_PUT, "orders")))
                .withRequestBody(equalToJson("{\"ReservedConcurrentExecutions\":3}")));
        wm.verify(
            1,
            putRequestedFor(urlPathEqualTo(LambdaApiStub.path(LambdaApiStub.CONC_PUT, "billing")))
                .withRequestBody(equalToJson("{\"ReservedConcurrentExecutions\":0}")));
        assertThat(JsonlAuditSink.read(cfg.auditFile()))
            .extracting(AuditEvent::decision)
            .containsExactly("APPLIED", "APPLIED", "NOTIFIED");
      }
    } finally {
      wm.stop();
    }
  }
}
