package io.vigil.actuator;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.vigil.actuator.LambdaApiStub.CONC_GET;
import static io.vigil.actuator.LambdaApiStub.CONC_PUT;
import static io.vigil.actuator.LambdaApiStub.CONFIG;
import static io.vigil.actuator.TestActions.action;
import static io.vigil.actuator.TestActions.signed;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vigil.actuator.audit.AuditEvent;
import io.vigil.actuator.audit.JsonlAuditSink;
import io.vigil.actuator.aws.LambdaOps;
import io.vigil.actuator.store.ApprovalStore;
import io.vigil.actuator.store.LedgerEntry;
import io.vigil.models.Json;
import io.vigil.models.action.RemediationAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** The actuator against WireMock playing the Lambda API, in-process, with a hand-moved clock. */
class ActuatorTest {
  static final long T0 = 1_700_000_000_000L;

  @TempDir Path state;
  WireMockServer wm;
  MutableClock clock;
  LambdaClient client;
  JsonlAuditSink audit;

  @BeforeEach
  void start() {
    wm = new WireMockServer(options().dynamicPort());
    wm.start();
    LambdaApiStub.noTags(wm);
    clock = new MutableClock(T0);
  }

  @AfterEach
  void stop() {
    if (client != null) client.close();
    if (audit != null) audit.close();
    wm.stop();
  }

  Actuator actuator(Consumer<ActuatorOptions> tweak) {
    ActuatorConfig c =
        ActuatorConfig.defaults()
            .with(
                o -> {
                  o.stateDir = state;
                  o.dryRun = false;
                  o.lambdaEndpoint = "http://localhost:" + wm.port();
                  o.accessKeyId = "AKIDTEST";
                  o.accountId = TestActions.ACCOUNT;
                  o.secretAccessKey = "secret";
                  o.quarantineSecurityGroup = "sg-0badc0ffee0000001";
                  o.rateBurst = 100;
                  o.ratePerMinute = 100;
                  o.breakerMaxActions = 100;
                })
            .with(tweak);
    if (client == null) client = c.lambdaClient();
    if (audit == null) audit = new JsonlAuditSink(c.auditFile());
    return new Actuator(c, clock, TestActions.SIGNER, new LambdaOps(client), audit);
  }

  Actuator actuator() {
    return actuator(c -> {});
  }

  List<AuditEvent> auditLog() throws Exception {
    return JsonlAuditSink.read(state.resolve("audit.jsonl"));
  }

  @Test
  void enforcedThrottleMakesTheExactSignedCallsAndIsIdempotent() throws Exception {
    LambdaApiStub.concurrency(wm, "checkout-api", null, 5, 0);
    Actuator act = actuator();
    String msg = signed(action("a1", "THROTTLE", "ENFORCE", "checkout-api", T0));

    assertThat(act.handle(msg)).isEqualTo(Decision.APPLIED);
    assertThat(act.handle(msg)).isEqualTo(Decision.DUPLICATE);

    wm.verify(
        1,
        getRequestedFor(
                urlPathMatching("/2017-03-31/tags/arn(:|%3A)aws.*function(:|%3A)checkout-api"))
            .withHeader(
                "Authorization",
                matching("AWS4-HMAC-SHA256 Credential=AKIDTEST/.*/lambda/aws4_request.*")));
    wm.verify(1, getRequestedFor(urlPathEqualTo(LambdaApiStub.path(CONC_GET, "checkout-api"))));
    wm.verify(
        1,
        putRequestedFor(urlPathEqualTo(LambdaApiStub.path(CONC_PUT, "checkout-api")))
            .withHeader(
                "Authorization",
                matching("AWS4-HMAC-SHA256 .*SignedHeaders=.*Signature=[0-9a-f]{64}"))
            .withHeader("X-Amz-Date", matching("\\d{8}T\\d{6}Z"))
            .withRequestBody(equalToJson("{\"ReservedConcurrentExecutions\":5}")));

    LedgerEntry e = act.ledger().get("a1");
    assertThat(e.state).isEqualTo(LedgerEntry.State.APPLIED);
    assertThat(e.priorConcurrency).isNull();
    // Durable: a fresh actuator on the same state dir still knows it.
    assertThat(actuator().handle(msg)).isEqualTo(Decision.DUPLICATE);
    wm.verify(1, putRequestedFor(urlPathEqualTo(LambdaApiStub.path(CONC_PUT, "checkout-api"))));
    assertThat(auditLog())
        .extracting(AuditEvent::decision)
        .containsExactly("APPLIED", "DUPLICATE", "DUPLICATE");
  }

  @Test
  void dryRunIsTheDefaultAndChangesNothing() throws Exception {
    LambdaApiStub.concurrency(wm, "f1", null, 5, 0);
    Actuator act = actuator(c -> c.dryRun = true);
    assertThat(act.handle(signed(action("d1", "THROTTLE", "ENFORCE", "f1", T0))))
        .isEqualTo(Decision.DRY_RUN);
    assertThat(ActuatorConfig.defaults().dryRun).isTrue();
    // Dry-run messages from the job are dry-run even when the actuator may enforce.
    Actuator enforcing = actuator();
    assertThat(enforcing.handle(signed(action("d2", "QUARANTINE", "DRY_RUN", "f1", T0))))
        .isEqualTo(Decision.DRY_RUN);
    wm.verify(0, putRequestedFor(anyUrl()));
    wm.verify(0, deleteRequestedFor(anyUrl()));
    assertThat(auditLog().get(0).detail()).isEqualTo("would apply: reserved concurrency 5");
  }

  @Test
  void forgedSignatureIsRejectedWithoutAnyAwsCall() throws Exception {
    Actuator act = actuator();
    RemediationAction a = action("f1", "QUARANTINE", "ENFORCE", "checkout-api", T0);
    String msg = signed(a);
    String forged = msg.replace("checkout-api", "payments-api");
    assertThat(act.handle(forged)).isEqualTo(Decision.REJECTED);
    a.signature = "AAAA";
    assertThat(act.handle(Json.write(a))).isEqualTo(Decision.REJECTED);
    assertThat(act.handle("{not json")).isEqualTo(Decision.REJECTED);
    wm.verify(0, anyRequestedFor(anyUrl()));
    assertThat(auditLog())
        .allSatisfy(
            e -> {
              assertThat(e.decision()).isEqualTo("REJECTED");
              assertThat(e.actionId()).isNull();
            });
  }

  @Test
  void unknownTypeAndBadSchemaAreRejectedAndAudited() throws Exception {
    Actuator act = actuator();
    assertThat(act.handle(signed(action("u1", "DELETE_FUNCTION", "ENFORCE", "f", T0))))
        .isEqualTo(Decision.REJECTED);
    RemediationAction v3 = action("u2", "QUARANTINE", "ENFORCE", "f", T0);
    v3.schemaVersion = 3;
    assertThat(act.handle(signed(v3))).isEqualTo(Decision.REJECTED);
    RemediationAction traversal = action("../../etc/passwd", "NOTIFY", "ENFORCE", "f", T0);
    assertThat(act.handle(signed(traversal))).isEqualTo(Decision.REJECTED);
    RemediationAction noConc = action("u3", "THROTTLE", "ENFORCE", "f", T0);
    noConc.reservedConcurrency = 0;
    assertThat(act.handle(signed(noConc))).isEqualTo(Decision.REJECTED);
    wm.verify(0, anyRequestedFor(anyUrl()));
    assertThat(auditLog())
        .extracting(AuditEvent::detail)
        .containsExactly(
            "schema: unknown type; dead-lettered",
            "schema: unsupported schemaVersion 3; dead-lettered",
            "schema: missing or unsafe id; dead-lettered",
            "schema: THROTTLE needs reservedConcurrency >= 1; dead-lettered");
    assertThat(Files.list(state.resolve("ledger"))).isEmpty();
  }

  @Test
  void protectedTagAndDenyGlobsAreNeverTouched() throws Exception {
    LambdaApiStub.protectedFunction(wm, "core-auth");
    LambdaApiStub.concurrency(wm, "core-auth", null, 0, 0);
    Actuator act = actuator(c -> c.deny.add("billing-*"));
    assertThat(act.handle(signed(action("p1", "QUARANTINE", "ENFORCE", "core-auth", T0))))
        .isEqualTo(Decision.DENIED);
    assertThat(act.handle(signed(action("p2", "QUARANTINE", "ENFORCE", "billing-run", T0))))
        .isEqualTo(Decision.DENIED);
    wm.verify(0, putRequestedFor(anyUrl()));
    assertThat(auditLog())
        .extracting(AuditEvent::detail)
        .containsExactly(
            "function is protected (vigil:protected=true)", "function matches a deny glob");
  }

  @Test
  void overTheRateActionsAreDeferredThenAppliedInArrivalOrder() throws Exception {
    for (int i = 0; i < 4; i++) LambdaApiStub.concurrency(wm, "r" + i, null, 0, 0);
    Actuator act =
        actuator(
            c -> {
              c.rateBurst = 2;
              c.ratePerMinute = 1;
            });
    assertThat(act.handle(signed(action("r0", "QUARANTINE", "ENFORCE", "r0", T0))))
        .isEqualTo(Decision.APPLIED);
    assertThat(act.handle(signed(action("r1", "QUARANTINE", "ENFORCE", "r1", T0))))
        .isEqualTo(Decision.APPLIED);
    assertThat(act.handle(signed(action("r2", "QUARANTINE", "ENFORCE", "r2", T0))))
        .isEqualTo(Decision.DEFERRED);
    assertThat(act.handle(signed(action("r3", "QUARANTINE", "ENFORCE", "r3", T0))))
        .isEqualTo(Decision.DEFERRED);
    assertThat(act.ledger().get("r2").note).startsWith("rate limit: global token bucket empty");
    act.tick();
    wm.verify(0, putRequestedFor(urlPathEqualTo(LambdaApiStub.path(CONC_PUT, "r2"))));
    clock.advance(60_000); // one token back: the oldest deferred action goes first
    act.tick();
    wm.verify(1, putRequestedFor(urlPathEqualTo(LambdaApiStub.path(CONC_PUT, "r2"))));
    wm.verify(0, putRequestedFor(urlPathEqualTo(LambdaApiStub.path(CONC_PUT, "r3"))));
    clock.advance(60_000);
    act.tick();
    wm.verify(4, putRequestedFor(urlPathMatching(LambdaApiStub.path(CONC_PUT, "r[0-3]"))));
    assertThat(act.ledger().get("r3").state).isEqualTo(LedgerEntry.State.APPLIED);
    // Tags are read only for actions about to run, never for the ones waiting.
    wm.verify(4, getRequestedFor(urlPathMatching("/2017-03-31/tags/.*")));
  }

  @Test
  void deferredActionsExpireIfTheyNeverGetATurn() throws Exception {
    LambdaApiStub.concurrency(wm, "w0", null, 0, 0);
    Actuator act =
        actuator(
            c -> {
              c.rateBurst = 0;
              c.ratePerMinute = 0;
            });
    assertThat(act.handle(signed(action("w0", "QUARANTINE", "ENFORCE", "w0", T0))))
        .isEqualTo(Decision.DEFERRED);
    clock.advance(3_600_000);
    act.tick();
    assertThat(act.ledger().get("w0").state).isEqualTo(LedgerEntry.State.EXPIRED);
    wm.verify(0, putRequestedFor(anyUrl()));
  }

  @Test
  void aFloodTripsTheBreakerRaisesAnAlertAndItsActionsWait() throws Exception {
    for (int i = 0; i < 5; i++) LambdaApiStub.concurrency(wm, "b" + i, null, 0, 0);
    Actuator act =
        actuator(
            c -> {
              c.breakerMaxActions = 2;
              c.breakerWindowMs = 60_000;
              c.breakerOpenMs = 600_000;
            });
    assertThat(act.handle(signed(action("b0", "QUARANTINE", "ENFORCE", "b0", T0))))
        .isEqualTo(Decision.APPLIED);
    assertThat(act.handle(signed(action("b1", "QUARANTINE", "ENFORCE", "b1", T0))))
        .isEqualTo(Decision.APPLIED);
    assertThat(act.handle(signed(action("b2", "QUARANTINE", "ENFORCE", "b2", T0))))
        .isEqualTo(Decision.DEFERRED);
    clock.advance(120_000); // window passed, but the breaker is latched open
    act.tick();
    assertThat(act.handle(signed(action("b3", "QUARANTINE", "ENFORCE", "b3", T0 + 120_000))))
        .isEqualTo(Decision.DEFERRED);
    wm.verify(2, putRequestedFor(urlPathMatching(LambdaApiStub.path(CONC_PUT, "b[0-4]"))));
    assertThat(act.ledger().get("b3").note).startsWith("circuit breaker open");
    assertThat(auditLog()).extracting(AuditEvent::decision).containsOnlyOnce("ALERT");
    clock.advance(600_000);
    act.tick(); // closed again: the waiting actions run, oldest first
    assertThat(act.ledger().get("b2").state).isEqualTo(LedgerEntry.State.APPLIED);
    assertThat(act.ledger().get("b3").state).isEqualTo(LedgerEntry.State.APPLIED);
    wm.verify(4, putRequestedFor(urlPathMatching(LambdaApiStub.path(CONC_PUT, "b[0-4]"))));
  }

  @Test
  void cooldownPerFunction() throws Exception {
    LambdaApiStub.concurrency(wm, "c1", null, 0, 0);
    Actuator act = actuator(c -> c.cooldownMs = 900_000);
    assertThat(act.handle(signed(action("c-a", "QUARANTINE", "ENFORCE", "c1", T0))))
        .isEqualTo(Decision.APPLIED);
    assertThat(act.handle(signed(action("c-b", "THROTTLE", "ENFORCE", "c1", T0))))
        .isEqualTo(Decision.DENIED);
    assertThat(act.ledger().get("c-b").note).startsWith("cooldown");
  }

  @Test
  void approvalFlow() throws Exception {
    LambdaApiStub.concurrency(wm, "ap", 50, 5, 0);
    Actuator act = actuator();
    assertThat(act.handle(signed(action("ap1", "THROTTLE", "APPROVAL", "ap", T0))))
        .isEqualTo(Decision.AWAITING_APPROVAL);
    act.tick();
    wm.verify(0, putRequestedFor(anyUrl()));
    act.approvals().approve("ap1", "alice", clock.millis(), "INC-7"); // `vigil approve ap1`
    act.tick();
    wm.verify(
        1,
        putRequestedFor(urlPathEqualTo(LambdaApiStub.path(CONC_PUT, "ap")))
            .withRequestBody(equalToJson("{\"ReservedConcurrentExecutions\":5}")));
    assertThat(act.ledger().get("ap1").state).isEqualTo(LedgerEntry.State.APPLIED);
    assertThat(act.ledger().get("ap1").priorConcurrency).isEqualTo(50);
    act.tick();
    wm.verify(1, putRequestedFor(anyUrl()));
    assertThat(auditLog())
        .extracting(AuditEvent::decision)
        .containsExactly("AWAITING_APPROVAL", "APPLIED");
    assertThat(auditLog().get(1).detail()).contains("approved by alice").contains("INC-7");
  }

  @Test
  void approvalThatNeverComesExpires() throws Exception {
    Actuator act = actuator();
    act.handle(signed(action("ex1", "QUARANTINE", "APPROVAL", "ex", T0)));
    clock.advance(3_600_000);
    act.tick();
    assertThat(act.ledger().get("ex1").state).isEqualTo(LedgerEntry.State.EXPIRED);
    wm.verify(0, putRequestedFor(anyUrl()));
  }

  @Test
  void automaticRollbackAtExpiryRestoresThePriorState() throws Exception {
    LambdaApiStub.concurrency(wm, "unset", null, 0, 0);
    LambdaApiStub.concurrency(wm, "had7", 7, 0, 0);
    Actuator act = actuator();
    act.handle(signed(action("x1", "QUARANTINE", "ENFORCE", "unset", T0)));
    act.handle(signed(action("x2", "QUARANTINE", "ENFORCE", "had7", T0)));
    clock.advance(3_599_999);
    act.tick();
    wm.verify(0, deleteRequestedFor(anyUrl()));
    clock.advance(1);
    act.tick();
    // Was unset: the reservation is deleted. Was 7: 7 is put back.
    wm.verify(1, deleteRequestedFor(urlPathEqualTo(LambdaApiStub.path(CONC_PUT, "unset"))));
    wm.verify(
        1,
        putRequestedFor(urlPathEqualTo(LambdaApiStub.path(CONC_PUT, "had7")))
            .withRequestBody(equalToJson("{\"ReservedConcurrentExecutions\":7}")));
    assertThat(act.ledger().get("x1").state).isEqualTo(LedgerEntry.State.ROLLED_BACK);
    act.tick();
    wm.verify(1, deleteRequestedFor(anyUrl()));
  }

  @Test
  void rollbackByCommandRequest() throws Exception {
    LambdaApiStub.concurrency(wm, "rb", null, 0, 0);
    Actuator act = actuator();
    act.handle(signed(action("rb1", "QUARANTINE", "ENFORCE", "rb", T0)));
    act.approvals()
        .requestRollback("rb1", "bob", clock.millis()); // what `vigil rollback rb1` writes
    act.tick();
    wm.verify(1, deleteRequestedFor(urlPathEqualTo(LambdaApiStub.path(CONC_PUT, "rb"))));
    assertThat(act.ledger().get("rb1").state).isEqualTo(LedgerEntry.State.ROLLED_BACK);
    assertThat(act.approvals().rollbackRequests()).isEmpty();
    // The request is kept, with who asked, why, and what came of it.
    ApprovalStore.Request done = act.approvals().completedRollbacks().get(0);
    assertThat(done.by).isEqualTo("bob");
    assertThat(done.note).isEqualTo("ROLLED_BACK");
    assertThat(auditLog().get(1).principal())
        .isEqualTo("bob (os user " + System.getProperty("user.name") + ")");
    assertThat(auditLog())
        .extracting(AuditEvent::decision)
        .containsExactly("APPLIED", "ROLLED_BACK");
  }

  @Test
  void isolateNetworkSwapsSecurityGroupsAndRollsBack() throws Exception {
    LambdaApiStub.vpcFunction(wm, "vpcfn", "sg-0aaaaaaaaaaaaaaa1");
    Actuator act = actuator();
    assertThat(act.handle(signed(action("n1", "ISOLATE_NETWORK", "ENFORCE", "vpcfn", T0))))
        .isEqualTo(Decision.APPLIED);
    wm.verify(
        1,
        putRequestedFor(urlPathEqualTo(LambdaApiStub.path(CONFIG, "vpcfn")))
            .withRequestBody(
                equalToJson(
                    "{\"VpcConfig\":{\"SubnetIds\":[\"subnet-0aaa1111\"],\"SecurityGroupIds\":[\"sg-0badc0ffee0000001\"]}}")));
    act.rollbackNow("n1", "test");
    wm.verify(
        1,
        putRequestedFor(urlPathEqualTo(LambdaApiStub.path(CONFIG, "vpcfn")))
            .withRequestBody(
                equalToJson(
                    "{\"VpcConfig\":{\"SubnetIds\":[\"subnet-0aaa1111\"],\"SecurityGroupIds\":[\"sg-0aaaaaaaaaaaaaaa1\"]}}")));
  }

  @Test
  void crashAfterTheCallButBeforeTheLedgerIsReconciledWithoutASecondCall() throws Exception {
    LambdaApiStub.concurrency(wm, "cr", null, 5, 0);
    // The call landed (GET now answers 5) but the process died with only the INTENT written.
    actuator().ledger(); // creates the folders
    RemediationAction a = action("cr1", "THROTTLE", "ENFORCE", "cr", T0);
    a.signature = null;
    LedgerEntry intent = new LedgerEntry(a, LedgerEntry.State.INTENT, T0);
    new io.vigil.actuator.store.ActionLedger(state).put(intent);
    client.putFunctionConcurrency(
        r -> r.functionName(TestActions.arn("cr")).reservedConcurrentExecutions(5));
    wm.resetRequests();

    Actuator restarted = actuator();
    restarted.recover();
    wm.verify(0, putRequestedFor(anyUrl()));
    assertThat(restarted.ledger().get("cr1").state).isEqualTo(LedgerEntry.State.APPLIED);
    assertThat(restarted.ledger().get("cr1").priorConcurrency).isNull();
    assertThat(auditLog()).extracting(AuditEvent::decision).containsExactly("RECONCILED");

    // The other case: the call had not landed, so recovery makes it, once.
    LambdaApiStub.concurrency(wm, "cr2", null, 5, 0);
    new io.vigil.actuator.store.ActionLedger(state)
        .put(
            new LedgerEntry(
                action("cr2", "THROTTLE", "ENFORCE", "cr2", T0), LedgerEntry.State.INTENT, T0));
    Actuator again = actuator();
    again.recover();
    again.recover();
    wm.verify(1, putRequestedFor(urlPathEqualTo(LambdaApiStub.path(CONC_PUT, "cr2"))));
  }

  @Test
  void rightsizeBecomesAGitPatchNeverAnAwsCall() throws Exception {
    Path repo = state.resolve("repo");
    Files.createDirectories(repo.resolve("functions"));
    Path manifest = repo.resolve("functions/checkout-api.yaml");
    Files.copy(
        io.vigil.actuator.Paths.root().resolve("deploy/policies/manifests/checkout-api.yaml"),
        manifest);
    Actuator act = actuator(c -> c.manifestsDir = repo);
    RemediationAction a = action("rs1", "RIGHTSIZE", "ENFORCE", "checkout-api", T0);
    a.memorySizeMb = 256;
    assertThat(act.handle(signed(a))).isEqualTo(Decision.PATCH_PROPOSED);
    wm.verify(0, anyRequestedFor(anyUrl()));
    Path patch = state.resolve("patches/rs1.patch");
    String text = Files.readString(patch);
    assertThat(text)
        .contains("--- a/functions/checkout-api.yaml", "-  memorySize: 512", "+  memorySize: 256");
    // The patch applies with git, and the result says 256.
    Process p =
        new ProcessBuilder("git", "apply", "--unidiff-zero", patch.toString())
            .directory(repo.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(Files.readString(manifest))
        .contains("memorySize: 256")
        .doesNotContain("memorySize: 512");
  }
}
