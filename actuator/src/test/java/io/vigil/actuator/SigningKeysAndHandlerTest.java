package io.vigil.actuator;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.vigil.actuator.audit.JsonlAuditSink;
import io.vigil.actuator.aws.LambdaOps;
import io.vigil.models.action.RemediationAction;
import io.vigil.remediation.ActionSigner;
import io.vigil.remediation.SigningKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;

class SigningKeysAndHandlerTest {
  @TempDir Path dir;
  WireMockServer wm;

  @BeforeEach
  void start() {
    wm = new WireMockServer(options().dynamicPort());
    wm.start();
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  ActuatorConfig cfg() {
    return ActuatorConfig.defaults()
        .with(
            o -> {
              o.stateDir = dir;
              o.accessKeyId = "AKIDTEST";
              o.accountId = TestActions.ACCOUNT;
              o.secretAccessKey = "secret";
              o.lambdaEndpoint = "http://localhost:" + wm.port();
              o.dryRun = false;
            });
  }

  @Test
  void keyFromEnvironmentWinsElseSecretsManager() {
    wm.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
            .willReturn(
                okJson(
                    "{\"Name\":\"vigil/hmac-key\",\"SecretString\":\"" + TestActions.KEY + "\"}")));
    ActuatorConfig c = cfg();
    String url = "http://localhost:" + wm.port();
    ActionSigner fromSm =
        SigningKeys.hmac(Map.of(SigningKeys.SECRET_ID_ENV, "vigil/hmac-key"), c.aws(url));
    String msg = TestActions.signed(TestActions.action("k1", "NOTIFY", "DRY_RUN", "f", 1));
    assertThat(fromSm.verify(msg)).isTrue();
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader(
                "Authorization", matching("AWS4-HMAC-SHA256 .*/secretsmanager/aws4_request.*"))
            .withRequestBody(equalToJson("{\"SecretId\":\"vigil/hmac-key\"}")));
    ActionSigner fromEnv =
        SigningKeys.hmac(Map.of(ActionSigner.KEY_ENV, "x".repeat(40)), c.aws(url));
    assertThat(fromEnv.verify(msg)).isFalse();
  }

  @Test
  void lambdaHandlerActsOnDecodedRecordsAndIsIdempotent() throws Exception {
    LambdaApiStub.noTags(wm);
    LambdaApiStub.concurrency(wm, "h1", null, 0, 0);
    ActuatorConfig c = cfg();
    try (LambdaClient lambda = c.lambdaClient();
        JsonlAuditSink audit = new JsonlAuditSink(c.auditFile())) {
      Actuator act =
          new Actuator(c, Clock.systemUTC(), TestActions.SIGNER, new LambdaOps(lambda), audit);
      KinesisEventHandler handler = new KinesisEventHandler(act);
      long now = System.currentTimeMillis();
      RemediationAction a = TestActions.action("h-1", "QUARANTINE", "ENFORCE", "h1", now);
      KinesisEvent ev = event(TestActions.signed(a), "{forged", TestActions.signed(a));
      StreamsEventResponse r = handler.handleRequest(ev, null);
      assertThat(r.getBatchItemFailures()).isEmpty();
      // Redelivery of the whole batch by the event-source mapping: no second call.
      handler.handleRequest(ev, null);
      wm.verify(
          1, putRequestedFor(urlPathEqualTo(LambdaApiStub.path(LambdaApiStub.CONC_PUT, "h1"))));
      assertThat(JsonlAuditSink.read(c.auditFile()))
          .extracting(e -> e.decision())
          .containsExactly(
              "APPLIED", "REJECTED", "DUPLICATE", "DUPLICATE", "REJECTED", "DUPLICATE");
    }
  }

  static KinesisEvent event(String... payloads) {
    List<KinesisEvent.KinesisEventRecord> recs = new ArrayList<>();
    int seq = 1;
    for (String p : payloads) {
      KinesisEvent.Record k = new KinesisEvent.Record();
      k.setData(ByteBuffer.wrap(p.getBytes(StandardCharsets.UTF_8)));
      k.setSequenceNumber(String.valueOf(seq++));
      k.setPartitionKey("h1");
      KinesisEvent.KinesisEventRecord r = new KinesisEvent.KinesisEventRecord();
      r.setKinesis(k);
      recs.add(r);
    }
    KinesisEvent ev = new KinesisEvent();
    ev.setRecords(recs);
    return ev;
  }
}
