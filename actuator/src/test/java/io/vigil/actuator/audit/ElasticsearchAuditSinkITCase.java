package io.vigil.actuator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.actuator.ActuatorConfig;
import io.vigil.actuator.ActuatorMain;
import io.vigil.models.Json;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audit decisions copied to a real Elasticsearch 7.10.2 node, with the shipped index template. */
class ElasticsearchAuditSinkITCase {
  static ActionsIndexNode node;

  @TempDir Path dir;

  // 2025-11-20T01:00:00Z and later
  static final long T = 1_763_600_400_000L;
  static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:api-a";

  static final List<AuditEvent> DECISIONS =
      List.of(
          new AuditEvent(
              T, "REJECTED", null, null, null, null, null, null, "s/shard-0/49", "bad signature"),
          new AuditEvent(
              T + 1,
              "DEFERRED",
              "a-1",
              "THROTTLE",
              "ENFORCE",
              "api-a",
              ARN,
              null,
              "s/shard-0/50",
              "rate limit: waits in the ledger"),
          new AuditEvent(
              T + 2,
              "AWAITING_APPROVAL",
              "a-2",
              "QUARANTINE",
              "APPROVAL",
              "api-a",
              ARN,
              null,
              "s/shard-0/51",
              "needs vigil approve"),
          new AuditEvent(
              T + 3,
              "APPLIED",
              "a-2",
              "QUARANTINE",
              "APPROVAL",
              "api-a",
              ARN,
              "alice",
              null,
              "approved: incident 42; prior concurrency none"),
          new AuditEvent(
              T + 4,
              "ROLLED_BACK",
              "a-2",
              "QUARANTINE",
              "APPROVAL",
              "api-a",
              ARN,
              "bob",
              null,
              "false positive; restored none"),
          new AuditEvent(
              T + 5,
              "DRY_RUN",
              "a-3",
              "THROTTLE",
              "ENFORCE",
              "api-a",
              ARN,
              null,
              "s/shard-0/52",
              "would set concurrency 7; dry-run actuator"));

  @BeforeAll
  static void start() throws Exception {
    node = ActionsIndexNode.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) node.close();
  }

  static ElasticsearchAuditSink sink(String url) {
    return new ElasticsearchAuditSink(
        ElasticsearchAuditSink.client(url, Map.of()), "vigil", 1000, 200);
  }

  static JsonNode search(String query) throws Exception {
    node.send("POST", "/vigil-actions-*/_refresh", null);
    String body = "{\"size\":100,\"sort\":[{\"@timestamp\":\"asc\"}],\"query\":" + query + "}";
    return Json.MAPPER.readTree(node.send("POST", "/vigil-actions-*/_search", body).body());
  }

  @Test
  void everyDecisionIsIndexedOnceWithItsDeterministicIdAndReindexingDoesNotDuplicate()
      throws Exception {
    for (int round = 0; round < 2; round++) {
      try (TeeAuditSink tee =
          new TeeAuditSink(new JsonlAuditSink(dir.resolve("audit.jsonl")), sink(node.url()))) {
        DECISIONS.forEach(tee::record);
      }
    }
    JsonNode hits = search("{\"match_all\":{}}").path("hits");
    assertThat(hits.path("total").path("value").asInt()).isEqualTo(DECISIONS.size());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < DECISIONS.size(); i++) {
      JsonNode hit = hits.path("hits").path(i);
      AuditDocuments.Doc expected = AuditDocuments.of(DECISIONS.get(i), "vigil");
      assertThat(hit.path("_index").asText()).isEqualTo("vigil-actions-2025.11");
      assertThat(hit.path("_id").asText()).isEqualTo(expected.id());
      assertThat(hit.path("_source")).isEqualTo(Json.MAPPER.readTree(expected.json()));
      ids.add(hit.path("_id").asText());
    }
    assertThat(ids).doesNotHaveDuplicates();
    // One document exactly as Kibana sees it.
    assertThat(hits.path("hits").path(3).path("_source"))
        .isEqualTo(
            Json.MAPPER.readTree(
                """
                {"@timestamp":"2025-11-20T01:00:00.003Z",
                 "message":"APPLIED: approved: incident 42; prior concurrency none",
                 "event":{"kind":"event","category":["configuration"],"type":["change"],
                          "action":"APPLIED","id":"a-2","module":"vigil",
                          "dataset":"vigil.actuator"},
                 "faas":{"name":"api-a"},
                 "user":{"name":"alice"},
                 "vigil":{"action":{"id":"a-2","type":"QUARANTINE","mode":"APPROVAL",
                                    "target":"%s"},
                          "decision":{"name":"APPLIED","principal":"alice",
                                      "detail":"approved: incident 42; prior concurrency none"}}}
                """
                    .formatted(ARN)));
    // The JSONL trail has both rounds (it is the source of truth; ES deduplicates by id).
    assertThat(JsonlAuditSink.read(dir.resolve("audit.jsonl"))).hasSize(2 * DECISIONS.size());
    // The template maps the decision fields: searchable by name and principal.
    assertThat(
            search("{\"term\":{\"vigil.decision.name\":\"ROLLED_BACK\"}}")
                .path("hits")
                .path("total")
                .path("value")
                .asInt())
        .isEqualTo(1);
    assertThat(
            search("{\"term\":{\"user.name\":\"alice\"}}")
                .path("hits")
                .path("total")
                .path("value")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void anUnreachableClusterNeverBlocksOrBreaksTheJsonlTrail() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    ElasticsearchAuditSink es = sink("http://127.0.0.1:" + port);
    try (TeeAuditSink tee = new TeeAuditSink(new JsonlAuditSink(dir.resolve("a.jsonl")), es)) {
      DECISIONS.forEach(tee::record);
      assertThat(JsonlAuditSink.read(dir.resolve("a.jsonl"))).isEqualTo(DECISIONS);
      assertThat(es.awaitSent(1_500)).isFalse();
      assertThat(es.retries()).isPositive();
      assertThat(es.indexed()).isZero();
    }
    // Whatever could not be sent is counted, not silently lost.
    assertThat(es.dropped()).isEqualTo(DECISIONS.size());
  }

  @Test
  void aFullQueueCountsDropsInsteadOfBlocking() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ElasticsearchAuditSink es =
        new ElasticsearchAuditSink(
            ElasticsearchAuditSink.client("http://127.0.0.1:" + port, Map.of()), "vigil", 2, 200);
    for (int i = 0; i < 50; i++) es.record(DECISIONS.get(0));
    assertThat(es.dropped()).isPositive();
    es.close();
    assertThat(es.dropped() + es.indexed()).isEqualTo(50);
  }

  @Test
  void theCliOptionTurnsTheCopyOnBesideTheJsonlTrail() throws Exception {
    ActuatorConfig cfg =
        ActuatorConfig.fromArgs(
            "--state-dir", dir.toString(), "--es-url", node.url(), "--es-index-prefix", "cli");
    try (AuditSink audit = ActuatorMain.auditSink(cfg, Map.of())) {
      assertThat(audit).isInstanceOf(TeeAuditSink.class);
      audit.record(DECISIONS.get(3));
    }
    assertThat(JsonlAuditSink.read(cfg.auditFile())).containsExactly(DECISIONS.get(3));
    node.send("POST", "/cli-actions-*/_refresh", null);
    JsonNode hit =
        Json.MAPPER.readTree(
            node.send(
                    "GET", "/cli-actions-2025.11/_doc/" + AuditDocuments.id(DECISIONS.get(3)), null)
                .body());
    assertThat(hit.path("found").asBoolean()).isTrue();
    assertThat(hit.at("/_source/vigil/decision/principal").asText()).isEqualTo("alice");
    // Without the option: the JSONL trail alone.
    try (AuditSink plain =
        ActuatorMain.auditSink(ActuatorConfig.fromArgs("--state-dir", dir.toString()), Map.of())) {
      assertThat(plain).isInstanceOf(JsonlAuditSink.class);
    }
  }

  @Test
  void credentialsComeFromTheSameEnvironmentVariablesAsTheJob() {
    assertThat(ElasticsearchAuditSink.authorization(Map.of())).isNull();
    assertThat(ElasticsearchAuditSink.authorization(Map.of("VIGIL_ES_API_KEY", "k1")))
        .isEqualTo("ApiKey k1");
    assertThat(
            ElasticsearchAuditSink.authorization(
                Map.of("VIGIL_ES_USERNAME", "u", "VIGIL_ES_PASSWORD", "p")))
        .isEqualTo("Basic dTpw");
  }
}
