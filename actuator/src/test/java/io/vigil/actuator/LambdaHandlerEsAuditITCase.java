package io.vigil.actuator;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.vigil.actuator.audit.ActionsIndexNode;
import io.vigil.actuator.audit.AuditEvent;
import io.vigil.actuator.audit.JsonlAuditSink;
import io.vigil.actuator.audit.TeeAuditSink;
import io.vigil.models.Json;
import io.vigil.models.action.RemediationAction;
import io.vigil.remediation.ActionSigner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lambda-handler actuator configured from environment variables copies its audit to a real
 * Elasticsearch 7.10.2 node like the long-running one, and each invocation returns only once its
 * copies are indexed (a frozen Lambda sandbox runs no background sender).
 */
class LambdaHandlerEsAuditITCase {
  static ActionsIndexNode node;

  @TempDir Path dir;
  WireMockServer wm;

  @BeforeAll
  static void startNode() throws Exception {
    node = ActionsIndexNode.start();
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) node.close();
  }

  @BeforeEach
  void startWireMock() {
    wm = new WireMockServer(options().dynamicPort());
    wm.start();
  }

  @AfterEach
  void stopWireMock() {
    wm.stop();
  }

  Map<String, String> env(String esUrl) {
    return esUrl == null
        ? Map.of(
            "VIGIL_STATE_DIR",
            dir.toString(),
            "VIGIL_DRY_RUN",
            "false",
            "VIGIL_ACCOUNT_ID",
            TestActions.ACCOUNT,
            ActionSigner.KEY_ENV,
            TestActions.KEY)
        : Map.of(
            "VIGIL_STATE_DIR",
            dir.toString(),
            "VIGIL_DRY_RUN",
            "false",
            "VIGIL_ACCOUNT_ID",
            TestActions.ACCOUNT,
            ActionSigner.KEY_ENV,
            TestActions.KEY,
            "VIGIL_ES_URL",
            esUrl,
            "VIGIL_ES_INDEX_PREFIX",
            "lambda",
            "VIGIL_ES_FLUSH_TIMEOUT_MS",
            "10000");
  }

  /** The environment's configuration, pointed at WireMock for the Lambda API. */
  KinesisEventHandler.Wiring wire(Map<String, String> env) {
    ActuatorConfig cfg =
        KinesisEventHandler.config(env)
            .with(
                o -> {
                  o.lambdaEndpoint = "http://localhost:" + wm.port();
                  o.accessKeyId = "AKIDTEST";
                  o.secretAccessKey = "secret";
                });
    return KinesisEventHandler.wire(cfg, env);
  }

  @Test
  void everyDecisionOfAnInvocationIsInElasticsearchWhenItReturns() throws Exception {
    LambdaApiStub.noTags(wm);
    LambdaApiStub.concurrency(wm, "h1", null, 0, 0);
    Map<String, String> env = env(node.url());
    KinesisEventHandler.Wiring w = wire(env);
    assertThat(w.config().esUrl).isEqualTo(node.url());
    assertThat(w.config().esIndexPrefix).isEqualTo("lambda");
    assertThat(w.audit()).isInstanceOf(TeeAuditSink.class);
    try (var audit = w.audit()) {
      KinesisEventHandler handler =
          new KinesisEventHandler(w.actuator(), w.audit(), KinesisEventHandler.flushTimeout(env));
      long now = System.currentTimeMillis();
      RemediationAction a = TestActions.action("lh-1", "QUARANTINE", "ENFORCE", "h1", now);
      StreamsEventResponse r =
          handler.handleRequest(
              SigningKeysAndHandlerTest.event(TestActions.signed(a), "{forged"), null);
      assertThat(r.getBatchItemFailures()).isEmpty();
      // Nothing left queued at the moment the invocation returns (the sandbox may freeze now).
      assertThat(w.audit().flush(0)).as("audit copies pending after the invocation").isTrue();

      // Searched before the sink is closed: the invocation itself waited for the copies.
      List<AuditEvent> trail = JsonlAuditSink.read(w.config().auditFile());
      assertThat(trail).extracting(AuditEvent::decision).containsExactly("APPLIED", "REJECTED");
      node.send("POST", "/lambda-actions-*/_refresh", null);
      JsonNode hits =
          Json.MAPPER
              .readTree(
                  node.send(
                          "POST",
                          "/lambda-actions-*/_search",
                          "{\"size\":10,\"sort\":[{\"@timestamp\":\"asc\"}]}")
                      .body())
              .path("hits");
      assertThat(hits.at("/total/value").asInt()).isEqualTo(trail.size());
      assertThat(hits.at("/hits/0/_source/vigil/decision/name").asText())
          .isIn("APPLIED", "REJECTED");
      assertThat(
              List.of(
                  hits.at("/hits/0/_source/event/action").asText(),
                  hits.at("/hits/1/_source/event/action").asText()))
          .containsExactlyInAnyOrder("APPLIED", "REJECTED");
      assertThat(hits.at("/hits/0/_index").asText()).startsWith("lambda-actions-");
    }
  }

  @Test
  void withoutAnEsUrlTheTrailIsJsonlOnly() {
    KinesisEventHandler.Wiring w = wire(env(null));
    assertThat(w.audit()).isInstanceOf(JsonlAuditSink.class);
    assertThat(w.config().esIndexPrefix).isEqualTo("vigil");
    assertThat(KinesisEventHandler.flushTimeout(Map.of()))
        .isEqualTo(KinesisEventHandler.DEFAULT_FLUSH_MS);
    assertThatThrownBy(
            () -> KinesisEventHandler.flushTimeout(Map.of("VIGIL_ES_FLUSH_TIMEOUT_MS", "-1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> KinesisEventHandler.flushTimeout(Map.of("VIGIL_ES_FLUSH_TIMEOUT_MS", "soon")))
        .isInstanceOf(NumberFormatException.class);
    w.audit().close();
  }
}
