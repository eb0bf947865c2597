package io.vigil.actuator;

import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vigil.actuator.audit.AuditEvent;
import io.vigil.actuator.audit.JsonlAuditSink;
import io.vigil.actuator.store.ActionLedger;
import io.vigil.actuator.store.CheckpointStore;
import io.vigil.actuator.store.LedgerEntry;
import io.vigil.aws.AwsAccess;
import io.vigil.aws.AwsClients;
import io.vigil.testkit.kinesalite.Kinesalite;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;

/**
 * The actuator as a separate JVM reading kinesalite and acting on WireMock, killed with
 * destroyForcibly() in the middle of a batch and restarted: every action reaches the Lambda API
 * exactly once, counted in WireMock's request journal.
 */
class KillRestartITCase {
  static final int FUNCTIONS = 12;
  static final String STREAM = "vigil-remediation";

  @TempDir Path dir;

  @Test
  void killedMidBatchAndRestartedAppliesEachActionExactlyOnce() throws Exception {
    WireMockServer wm = new WireMockServer(options().dynamicPort());
    wm.start();
    try (Kinesalite kl = Kinesalite.start();
        KinesisClient kinesis =
            AwsClients.create(
                KinesisClient.builder(),
                new AwsAccess("us-east-1", kl.endpoint(), "AKIDTEST", "secret"))) {
      LambdaApiStub.noTags(wm);
      for (int i = 0; i < FUNCTIONS; i++) {
        // Slow PUTs make the kill land mid-batch, often with a call in flight.
        LambdaApiStub.concurrency(wm, fn(i), null, 5, 300);
      }
      kinesis.createStream(b -> b.streamName(STREAM).shardCount(2));
      waitFor(
          () ->
              kinesis
                  .describeStreamSummary(b -> b.streamName(STREAM))
                  .streamDescriptionSummary()
                  .streamStatusAsString()
                  .equals("ACTIVE"));

      // Every action twice, as a producer retrying after a timeout would publish it.
      long now = System.currentTimeMillis();
      Map<String, String> lastSeqPerShard = new HashMap<>();
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < FUNCTIONS; i++) {
          String name = fn(i);
          String msg =
              TestActions.signed(TestActions.action("act-" + i, "THROTTLE", "ENFORCE", name, now));
          PutRecordResponse r =
              kinesis.putRecord(
                  b -> b.streamName(STREAM).partitionKey(name).data(SdkBytes.fromUtf8String(msg)));
          lastSeqPerShard.put(r.shardId(), r.sequenceNumber());
        }
      }

      Path state = dir.resolve("state");
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--stream", STREAM,
                  "--kinesis-endpoint", kl.endpoint(),
                  "--lambda-endpoint", "http://localhost:" + wm.port(),
                  "--region", "us-east-1",
                  "--account-id", TestActions.ACCOUNT,
                  "--access-key-id", "AKIDTEST",
                  "--secret-access-key", "secret",
                  "--state-dir", state.toString(),
                  "--dry-run", "false",
                  "--cooldown", "0",
                  "--rate-burst", "1000",
                  "--breaker-max", "1000",
                  "--poll-interval", "100ms"));

      Process first = startActuator(args, dir.resolve("actuator-1.log"));
      waitFor(() -> putCount(wm) >= 3);
      first.destroyForcibly();
      first.waitFor();
      int beforeRestart = putCount(wm);
      assertThat(beforeRestart).as("killed mid-batch").isLessThan(FUNCTIONS);

      Process second = startActuator(args, dir.resolve("actuator-2.log"));
      try {
        waitFor(
            () -> {
              CheckpointStore cp = new CheckpointStore(state.resolve("checkpoints.properties"));
              return lastSeqPerShard.entrySet().stream()
                  .allMatch(e -> e.getValue().equals(cp.get(STREAM, e.getKey())));
            });
      } finally {
        second.destroyForcibly();
        second.waitFor();
      }

      for (int i = 0; i < FUNCTIONS; i++) {
        wm.verify(
            1, putRequestedFor(urlPathEqualTo(LambdaApiStub.path(LambdaApiStub.CONC_PUT, fn(i)))));
      }
      ActionLedger ledger = new ActionLedger(state);
      assertThat(ledger.all())
          .hasSize(FUNCTIONS)
          .allSatisfy(e -> assertThat(e.state).isEqualTo(LedgerEntry.State.APPLIED));
      List<AuditEvent> audit = JsonlAuditSink.read(state.resolve("audit.jsonl"));
      System.out.println(
          "PUTs before kill: "
              + beforeRestart
              + "; decisions: "
              + audit.stream().map(AuditEvent::decision).toList());
      // Each id decided once (APPLIED, or RECONCILED when the kill fell between call and ledger)...
      assertThat(
              audit.stream()
                  .filter(e -> e.decision().equals("APPLIED") || e.decision().equals("RECONCILED"))
                  .map(AuditEvent::actionId))
          .hasSize(FUNCTIONS)
          .doesNotHaveDuplicates();
      // ...and the republished copies are skipped as duplicates.
      assertThat(audit.stream().filter(e -> e.decision().equals("DUPLICATE")).count())
          .isGreaterThanOrEqualTo(FUNCTIONS);
    } finally {
      wm.stop();
    }
  }

  static String fn(int i) {
    return "fn-" + i;
  }

  static int putCount(WireMockServer wm) {
    return wm.countRequestsMatching(
            putRequestedFor(urlPathMatching("/2017-10-31/functions/.*/concurrency")).build())
        .getCount();
  }

  static Process startActuator(List<String> args, Path log) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Daws.cborEnabled=false");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ActuatorMain.class.getName());
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(log.toString()));
    pb.environment().put("VIGIL_HMAC_KEY", TestActions.KEY);
    return pb.start();
  }

  /** Polls a condition; generous deadline for a loaded machine (not a timing assertion). */
  static void waitFor(BooleanSupplier cond) throws InterruptedException {
    for (int i = 0; i < 1200; i++) {
      try {
        if (cond.getAsBoolean()) return;
      } catch (RuntimeException notYet) {
        // e.g. the checkpoint file is being replaced
      }
      Thread.sleep(100);
    }
    throw new AssertionError("condition not met within 120 s");
  }
}
