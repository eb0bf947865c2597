package io.vigil.actuator;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.vigil.actuator.LambdaApiStub.CONC_PUT;
import static io.vigil.actuator.TestActions.action;
import static io.vigil.actuator.TestActions.signed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.vigil.actuator.audit.AuditEvent;
import io.vigil.actuator.audit.JsonlAuditSink;
import io.vigil.actuator.aws.LambdaOps;
import io.vigil.actuator.store.CheckpointStore;
import io.vigil.actuator.store.DeadLetters;
import io.vigil.actuator.store.LedgerEntry;
import io.vigil.models.Json;
import io.vigil.models.action.RemediationAction;
import io.vigil.remediation.RemediationTopicWriter;
import io.vigil.testkit.kinesalite.Kinesalite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Issue 16 replayed: an attacker with PutRecord on the remediation stream (and, for the flood, the
 * signing key) against the poller on kinesalite and WireMock as the Lambda API. For every case: the
 * poller keeps running, nothing is applied that should not be, every rejected record is audited and
 * dead-lettered with its sequence number, and the checkpoint moves on.
 */
class AttackITCase {
  static Kinesalite kinesalite;
  static KinesisClient kinesis;
  static int streams;

  @TempDir Path dir;
  WireMockServer wm;
  MutableClock clock;
  ActuatorConfig cfg;
  LambdaClient lambda;
  JsonlAuditSink audit;
  Actuator actuator;
  CheckpointStore checkpoints;
  Thread poller;
  final AtomicBoolean stop = new AtomicBoolean();
  final List<String> rejectedSeqs = new ArrayList<>();
  String lastSeq;

  @BeforeAll
  static void startKinesalite() throws Exception {
    kinesalite = Kinesalite.start();
    kinesis =
        local(ActuatorConfig.defaults())
            .with(o -> o.kinesisEndpoint = kinesalite.endpoint())
            .kinesisClient();
  }

  @AfterAll
  static void stopKinesalite() throws InterruptedException {
    if (kinesis != null) kinesis.close();
    if (kinesalite != null) kinesalite.close();
  }

  static ActuatorConfig local(ActuatorConfig c) {
    return c.with(
        o -> {
          o.accessKeyId = "AKIDTEST";
          o.secretAccessKey = "secret";
        });
  }

  @BeforeEach
  void start() {
    wm = new WireMockServer(options().dynamicPort());
    wm.start();
    LambdaApiStub.noTags(wm);
    clock = new MutableClock(System.currentTimeMillis());
  }

  @AfterEach
  void stop() throws Exception {
    stopPoller();
    if (lambda != null) lambda.close();
    if (audit != null) audit.close();
    wm.stop();
  }

  /** A fresh stream and an actuator polling it (enforcing unless the tweak says otherwise). */
  void startPoller(Consumer<ActuatorOptions> tweak) throws Exception {
    String stream = "attack-" + (++streams);
    cfg =
        local(ActuatorConfig.defaults())
            .with(
                o -> {
                  o.streamName = stream;
                  o.stateDir = dir.resolve("state");
                  o.kinesisEndpoint = kinesalite.endpoint();
                  o.lambdaEndpoint = "http://localhost:" + wm.port();
                  o.accountId = TestActions.ACCOUNT;
                  o.dryRun = false;
                  o.quarantineSecurityGroup = "sg-0badc0ffee0000001";
                  o.cooldownMs = 0;
                  o.audience = TestActions.AUDIENCE; // the deployment's, whatever the stream
                })
            .with(tweak);
    createStream(cfg.streamName);
    if (lambda == null) lambda = cfg.lambdaClient();
    if (audit == null) audit = new JsonlAuditSink(cfg.auditFile());
    actuator = new Actuator(cfg, clock, TestActions.SIGNER, new LambdaOps(lambda), audit);
    checkpoints = new CheckpointStore(cfg.stateDir.resolve("checkpoints.properties"));
    KinesisPoller p = new KinesisPoller(kinesis, cfg.streamName, actuator, checkpoints, 100, 20);
    stop.set(false);
    poller =
        new Thread(
            () -> {
              try {
                p.run(stop);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    poller.start();
  }

  void stopPoller() throws InterruptedException {
    if (poller != null) {
      stop.set(true);
      poller.join(30_000);
      poller = null;
    }
  }

  static void createStream(String name) throws InterruptedException {
    kinesis.createStream(b -> b.streamName(name).shardCount(1));
    KillRestartITCase.waitFor(
        () ->
            kinesis
                .describeStreamSummary(b -> b.streamName(name))
                .streamDescriptionSummary()
                .streamStatusAsString()
                .equals("ACTIVE"));
  }

  String send(byte[] data) {
    return send(cfg.streamName, data);
  }

  String send(String stream, byte[] data) {
    lastSeq =
        kinesis
            .putRecord(
                b -> b.streamName(stream).partitionKey("k").data(SdkBytes.fromByteArray(data)))
            .sequenceNumber();
    return lastSeq;
  }

  String send(String json) {
    return send(json.getBytes(StandardCharsets.UTF_8));
  }

  void putHostile(byte[] data) {
    rejectedSeqs.add(send(data));
  }

  void putHostile(String json) {
    putHostile(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Waits until the poller checkpointed the last record put. */
  void drained() throws InterruptedException {
    String shard = "shardId-000000000000";
    String seq = lastSeq;
    KillRestartITCase.waitFor(() -> seq.equals(checkpoints.get(cfg.streamName, shard)));
  }

  List<AuditEvent> auditLog() throws Exception {
    return JsonlAuditSink.read(cfg.auditFile());
  }

  void assertRejectedAndDeadLettered() throws Exception {
    List<DeadLetters.Letter> letters = DeadLetters.read(cfg.deadLetterFile());
    assertThat(letters).extracting(l -> l.sequenceNumber).containsExactlyElementsOf(rejectedSeqs);
    assertThat(letters).allSatisfy(l -> assertThat(l.stream).isEqualTo(cfg.streamName));
    List<String> auditedSeqs = new ArrayList<>();
    for (AuditEvent e : auditLog()) {
      if (e.decision().equals("REJECTED")) auditedSeqs.add(e.source().replaceAll(".*/", ""));
    }
    assertThat(auditedSeqs).containsExactlyElementsOf(rejectedSeqs);
  }

  /** A signed message whose JSON tree was edited before signing (fields the POJO cannot omit). */
  static String signedTree(RemediationAction a, Consumer<ObjectNode> edit) {
    a.signature = null;
    ObjectNode tree = Json.MAPPER.valueToTree(a);
    edit.accept(tree);
    tree.put("signature", TestActions.SIGNER.signatureOf(tree));
    return tree.toString();
  }

  RemediationAction genuine(String id, String fn) {
    return action(id, "QUARANTINE", "ENFORCE", fn, clock.millis());
  }

  // ---- 1. poison records ----

  @Test
  void poisonRecordsAreDeadLetteredAndThePollerKeepsGoing() throws Exception {
    LambdaApiStub.concurrency(wm, "after-poison", null, 0, 0);
    startPoller(c -> {});
    byte[] random = new byte[1_000_000];
    new Random(16).nextBytes(random);
    putHostile(random); // 1 MB of non-UTF-8 bytes: the crash of issue 16
    putHostile(new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'}); // small, not UTF-8
    putHostile("{\"schemaVersion\":2,\"id\":\"x\"}"); // valid UTF-8, unsigned
    putHostile("[1,2,3]");
    putHostile(
        signed(genuine("big-reason", "after-poison"))
            .replace("\"test\"", "\"" + "r".repeat(70_000) + "\""));
    RemediationAction longReason = genuine("long-reason", "after-poison");
    longReason.reason = "x".repeat(3000); // signed, under the record cap, over the field cap
    putHostile(signed(longReason));
    send(signed(genuine("after-poison-1", "after-poison")));
    drained();
    assertThat(poller.isAlive()).isTrue();
    assertThat(actuator.ledger().get("after-poison-1").state).isEqualTo(LedgerEntry.State.APPLIED);
    wm.verify(1, putRequestedFor(urlPathEqualTo(LambdaApiStub.path(CONC_PUT, "after-poison"))));
    assertRejectedAndDeadLettered();
    List<DeadLetters.Letter> letters = DeadLetters.read(cfg.deadLetterFile());
    assertThat(letters.get(0).size).isEqualTo(1_000_000);
    assertThat(letters.get(0).reason).contains("exceeds the cap");
    assertThat(letters.get(1).reason).isEqualTo("not valid UTF-8");
    assertThat(letters.get(5).reason).contains("reason longer than");
    // No audit line is longer than the cap allows, whatever the record held.
    assertThat(Files.readAllLines(cfg.auditFile()))
        .allSatisfy(l -> assertThat(l).hasSizeLessThan(2000));
  }

  @Test
  void aNewlineInATypeCannotForgeAnAuditLine() throws Exception {
    startPoller(c -> {});
    RemediationAction a = genuine("forge-1", "victim");
    a.type = "NOTIFY\n{\"decision\":\"APPLIED\",\"actionId\":\"forge-1\"}";
    putHostile(signed(a));
    drained();
    List<String> lines = Files.readAllLines(cfg.auditFile());
    assertThat(lines).hasSize(1);
    AuditEvent e = Json.read(lines.get(0), AuditEvent.class);
    assertThat(e.decision()).isEqualTo("REJECTED");
    assertThat(e.type()).isNull(); // an unknown type is never echoed
    assertRejectedAndDeadLettered();
  }

  // ---- 2, 3. one identity: the ARN, in this account and region ----

  @Test
  void confusedDeputyAndForeignAccountOrRegionAreRejected() throws Exception {
    LambdaApiStub.protectedFunction(wm, "crown-jewels");
    LambdaApiStub.concurrency(wm, "harmless", null, 0, 0);
    LambdaApiStub.concurrency(wm, "crown-jewels", null, 0, 0);
    startPoller(c -> {});
    RemediationAction deputy = genuine("deputy", "harmless");
    deputy.functionName = "crown-jewels"; // tags read for target, change made to functionName
    putHostile(signed(deputy));
    RemediationAction foreign = genuine("foreign", "harmless");
    foreign.accountId = "999999999999";
    foreign.target = "arn:aws:lambda:us-east-1:999999999999:function:harmless";
    putHostile(signed(foreign));
    RemediationAction region = genuine("region", "harmless");
    region.region = "eu-west-1";
    region.target = "arn:aws:lambda:eu-west-1:123456789012:function:harmless";
    putHostile(signed(region));
    RemediationAction noArn = genuine("no-arn", "harmless");
    noArn.target = null;
    putHostile(signed(noArn));
    RemediationAction qualified = genuine("alias", "harmless");
    qualified.target = TestActions.arn("harmless") + ":prod";
    putHostile(signed(qualified));
    send(signed(genuine("protected", "crown-jewels"))); // genuine, but protected
    drained();
    wm.verify(0, putRequestedFor(anyUrl()));
    assertThat(actuator.ledger().get("protected").state).isEqualTo(LedgerEntry.State.DENIED);
    // The tag read was for the very ARN the call would have used.
    wm.verify(
        1,
        getRequestedFor(
            urlPathEqualTo(
                "/2017-03-31/tags/" + TestActions.arn("crown-jewels").replace(":", "%3A"))));
    assertRejectedAndDeadLettered();
    assertThat(DeadLetters.read(cfg.deadLetterFile()))
        .extracting(l -> l.reason)
        .containsExactly(
            "schema: functionName/accountId/region disagree with the target ARN",
            "schema: target account is not this actuator's account",
            "schema: target region is not this actuator's region",
            "schema: target must be an unqualified Lambda function ARN",
            "schema: target must be an unqualified Lambda function ARN");
  }

  // ---- 4. freshness ----

  @Test
  void staleFutureReplayedAndUnversionedMessagesAreRejected() throws Exception {
    LambdaApiStub.concurrency(wm, "fresh", null, 0, 0);
    startPoller(c -> {});
    RemediationAction old = genuine("from-2020", "fresh");
    old.createdAt = 1_577_836_800_000L; // 2020
    old.expiresAt = 2_082_758_400_000L; // 2036
    putHostile(signed(old));
    RemediationAction future = genuine("future", "fresh");
    future.createdAt = clock.millis() + 365 * 86_400_000L;
    future.expiresAt = future.createdAt + 3_600_000L;
    putHostile(signed(future));
    RemediationAction otherStream = genuine("other-stream", "fresh");
    otherStream.audience = "another-actuators-stream";
    putHostile(signed(otherStream));
    putHostile(signedTree(genuine("no-version", "fresh"), t -> t.remove("schemaVersion")));
    RemediationAction v1 = genuine("v1", "fresh");
    v1.schemaVersion = 1;
    putHostile(signed(v1));
    send(signed(genuine("fresh-1", "fresh")));
    drained();
    wm.verify(1, putRequestedFor(anyUrl()));
    assertThat(actuator.ledger().get("fresh-1").state).isEqualTo(LedgerEntry.State.APPLIED);
    assertRejectedAndDeadLettered();
    assertThat(DeadLetters.read(cfg.deadLetterFile()))
        .extracting(l -> l.reason)
        .containsExactly(
            "schema: lifetime exceeds the maximum",
            "schema: createdAt is in the future",
            "schema: audience is not this actuator's",
            "schemaVersion missing",
            "schema: unsupported schemaVersion 1");
  }

  @Test
  void aRecordCopiedToAnotherActuatorsStreamIsRejectedThere() throws Exception {
    LambdaApiStub.concurrency(wm, "copied", null, 0, 0);
    startPoller(c -> {});
    RemediationAction a = genuine("copied-1", "copied");
    a.audience = "attack-elsewhere"; // signed for another deployment's stream
    putHostile(signed(a));
    drained();
    wm.verify(0, putRequestedFor(anyUrl()));
    assertRejectedAndDeadLettered();
  }

  // ---- 5. dry-run cannot be bypassed ----

  @Test
  void aDryRunActuatorNeverCallsAMutatingApiWhateverHappens() throws Exception {
    LambdaApiStub.concurrency(wm, "dr", null, 0, 0);
    // An earlier enforcing run left an action awaiting approval and one applied.
    startPoller(c -> {});
    send(signed(action("dr-wait", "QUARANTINE", "APPROVAL", "dr", clock.millis())));
    send(signed(genuine("dr-applied", "dr")));
    drained();
    stopPoller();
    wm.resetRequests();
    // Restart in dry-run (the default) on the same state; then every operator path.
    ActuatorConfig enforcing = cfg;
    audit.close();
    audit = null;
    cfg = null;
    startPollerOn(enforcing.streamName, c -> c.dryRun = true);
    actuator.approvals().approve("dr-wait", "mallory", clock.millis(), "please");
    actuator.approvals().requestRollback("dr-applied", "mallory", clock.millis(), "now");
    send(signed(genuine("dr-new", "dr")));
    drained();
    clock.advance(2 * 3_600_000L); // expiry: automatic rollback would be due
    Thread.sleep(300); // several ticks
    stopPoller();
    wm.verify(0, putRequestedFor(anyUrl()));
    wm.verify(0, deleteRequestedFor(anyUrl()));
    wm.verify(0, postRequestedFor(anyUrl()));
    assertThat(actuator.ledger().get("dr-wait").state)
        .isIn(LedgerEntry.State.DRY_RUN, LedgerEntry.State.EXPIRED);
    assertThat(actuator.ledger().get("dr-applied").state).isEqualTo(LedgerEntry.State.APPLIED);
    assertThat(actuator.ledger().get("dr-new").state).isEqualTo(LedgerEntry.State.DRY_RUN);
  }

  void startPollerOn(String stream, Consumer<ActuatorOptions> tweak) throws Exception {
    cfg =
        local(ActuatorConfig.defaults())
            .with(
                o -> {
                  o.streamName = stream;
                  o.stateDir = dir.resolve("state");
                  o.lambdaEndpoint = "http://localhost:" + wm.port();
                  o.accountId = TestActions.ACCOUNT;
                  o.cooldownMs = 0;
                  o.audience = TestActions.AUDIENCE;
                })
            .with(tweak);
    audit = new JsonlAuditSink(cfg.auditFile());
    actuator = new Actuator(cfg, clock, TestActions.SIGNER, new LambdaOps(lambda), audit);
    checkpoints = new CheckpointStore(cfg.stateDir.resolve("checkpoints.properties"));
    KinesisPoller p = new KinesisPoller(kinesis, cfg.streamName, actuator, checkpoints, 100, 20);
    stop.set(false);
    poller =
        new Thread(
            () -> {
              try {
                p.run(stop);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    poller.start();
  }

  // ---- 6. a flood is deferred, trips the breaker, and its genuine actions run later ----

  @Test
  void aFloodTripsTheBreakerAndEveryActionIsAppliedLaterNotDropped() throws Exception {
    wm.stubFor(
        get(urlPathMatching("/2019-09-30/functions/.*/concurrency")).willReturn(okJson("{}")));
    wm.stubFor(
        put(urlPathMatching("/2017-10-31/functions/.*/concurrency"))
            .willReturn(okJson("{\"ReservedConcurrentExecutions\":0}")));
    startPoller(c -> {});
    int n = 200;
    List<RemediationAction> flood = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RemediationAction a = genuine("flood-" + i, "fn-" + i);
      a.expiresAt = a.createdAt + 4 * 3_600_000L;
      flood.add(a);
    }
    RemediationTopicWriter writer =
        new RemediationTopicWriter(
            kinesis, cfg.streamName, cfg.audience(), TestActions.SIGNER, 3, clock);
    assertThat(writer.write(flood)).isEmpty();
    KillRestartITCase.waitFor(() -> actuator.ledger().all().size() == n);
    // At most the burst ran; the rest wait; the flood tripped the breaker once, with an alert.
    wm.verify(5, putRequestedFor(anyUrl()));
    wm.verify(5, getRequestedFor(urlPathMatching("/2017-03-31/tags/.*")));
    assertThat(auditLog()).extracting(AuditEvent::decision).containsOnlyOnce("ALERT");
    assertThat(actuator.ledger().inState(LedgerEntry.State.DEFERRED)).hasSize(n - 5);
    // Time passes: the breaker closes after 30 minutes and the queue drains at 5 per minute.
    for (int minute = 0;
        minute < 200 && actuator.ledger().inState(LedgerEntry.State.APPLIED).size() < n;
        minute++) {
      long ticks = actuator.ticks();
      clock.advance(60_000);
      KillRestartITCase.waitFor(() -> actuator.ticks() >= ticks + 2); // a whole tick after it
    }
    assertThat(actuator.ledger().inState(LedgerEntry.State.APPLIED)).hasSize(n);
    wm.verify(n, putRequestedFor(anyUrl()));
    wm.verify(n, getRequestedFor(urlPathMatching("/2017-03-31/tags/.*")));
    assertThat(poller.isAlive()).isTrue();
  }

  // ---- 7. checkpoint per stream; 8. lifetimes relative to emission ----

  @Test
  void aStateFolderReusedWithAnotherStreamStartsThatStreamCleanly() throws Exception {
    LambdaApiStub.concurrency(wm, "s1", null, 0, 0);
    LambdaApiStub.concurrency(wm, "s2", null, 0, 0);
    startPoller(c -> {});
    send(signed(genuine("s1-a", "s1")));
    drained();
    stopPoller();
    audit.close();
    audit = null;
    String second = "attack-" + (++streams);
    createStream(second);
    startPollerOn(
        second,
        c -> {
          c.dryRun = false;
          c.audience = second;
        });
    RemediationAction b = genuine("s2-a", "s2");
    b.audience = second;
    send(second, signed(b).getBytes(StandardCharsets.UTF_8));
    drained();
    assertThat(actuator.ledger().get("s2-a").state).isEqualTo(LedgerEntry.State.APPLIED);
  }

  @Test
  void plannedActionsFromOldEventTimesGetTheirLifetimeFromEmission() throws Exception {
    LambdaApiStub.concurrency(wm, "demo", null, 0, 0);
    startPoller(c -> {});
    RemediationAction simulated = genuine("demo-1", "demo");
    simulated.createdAt = 1_735_689_600_000L; // simulated time in 2025
    simulated.expiresAt = simulated.createdAt + 30 * 60_000L;
    RemediationTopicWriter w =
        new RemediationTopicWriter(
            kinesis, cfg.streamName, cfg.audience(), TestActions.SIGNER, 3, clock);
    assertThat(w.write(List.of(simulated))).isEmpty();
    assertThat(simulated.createdAt).isEqualTo(1_735_689_600_000L); // caller's copy untouched
    KillRestartITCase.waitFor(
        () ->
            actuator.ledger().get("demo-1") != null
                && actuator.ledger().get("demo-1").state != LedgerEntry.State.INTENT);
    LedgerEntry e = actuator.ledger().get("demo-1");
    assertThat(e.state).isEqualTo(LedgerEntry.State.APPLIED);
    assertThat(e.action.expiresAt - e.action.createdAt).isEqualTo(30 * 60_000L);
    assertThat(e.action.createdAt).isEqualTo(clock.millis());
  }
}
