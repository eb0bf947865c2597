package io.vigil.operators.sink.es;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.vigil.models.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The setup paths the OSS test nodes cannot show: ILM on a licensed Elasticsearch, ISM updates on
 * OpenSearch (optimistic concurrency), the Kibana multipart import, the index prefix.
 */
class EsSetupTest {
  record Call(String method, String path, String body, Map<String, List<String>> headers) {}

  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private HttpServer server;

  private String start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String key = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
          calls.add(
              new Call(
                  ex.getRequestMethod(),
                  ex.getRequestURI().toString(),
                  body,
                  Map.copyOf(ex.getRequestHeaders())));
          byte[] out = answers.getOrDefault(key, "{\"acknowledged\":true}").getBytes();
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(statuses.getOrDefault(key, 200), out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    if (server != null) server.stop(0);
  }

  private List<String> log = new ArrayList<>();

  private EsSetup setup(String url, String prefix) {
    RestClient client = EsClients.create(EsConfig.of(url), EsCredentials.NONE);
    return new EsSetup(client, prefix, log::add);
  }

  @Test
  void elasticsearchWithIlmGetsPoliciesAndLifecycleSettings() throws Exception {
    String url = start();
    answers.put("GET /", "{\"version\":{\"number\":\"8.15.0\"}}");
    EsSetup.Cluster cluster = setup(url, "vigil").install();
    assertThat(cluster.openSearch()).isFalse();
    assertThat(calls.stream().map(c -> c.method() + " " + c.path()))
        .contains(
            "PUT /_ilm/policy/vigil-retention",
            "PUT /_ilm/policy/vigil-metrics-retention",
            "PUT /_index_template/vigil-findings",
            "PUT /_index_template/vigil-metrics",
            "PUT /_index_template/vigil-actions",
            "PUT /_index_template/vigil-dead-letters");
    JsonNode metrics = body("PUT /_index_template/vigil-metrics");
    assertThat(metrics.at("/template/settings/index/lifecycle/name").asText())
        .isEqualTo("vigil-metrics-retention");
    JsonNode findings = body("PUT /_index_template/vigil-findings");
    assertThat(findings.at("/template/settings/index/lifecycle/name").asText())
        .isEqualTo("vigil-retention");
    JsonNode policy = body("PUT /_ilm/policy/vigil-retention");
    assertThat(policy.at("/policy/phases/delete/actions").has("delete")).isTrue();
  }

  @Test
  void openSearchGetsIsmPoliciesUpdatedWithSequenceNumbersAndAPrefix() throws Exception {
    String url = start();
    answers.put("GET /", "{\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.19.1\"}}");
    answers.put(
        "GET /_plugins/_ism/policies/acme-retention", "{\"_seq_no\":7,\"_primary_term\":2}");
    statuses.put("GET /_plugins/_ism/policies/acme-metrics-retention", 404);
    answers.put("GET /_plugins/_ism/policies/acme-metrics-retention", "{\"error\":\"not found\"}");
    setup(url, "acme").install();
    assertThat(calls.stream().map(c -> c.method() + " " + c.path()))
        .contains(
            "PUT /_plugins/_ism/policies/acme-retention?if_seq_no=7&if_primary_term=2",
            "PUT /_plugins/_ism/policies/acme-metrics-retention",
            "PUT /_index_template/acme-findings")
        .noneMatch(p -> p.contains("_ilm"));
    JsonNode template = body("PUT /_index_template/acme-findings");
    assertThat(template.at("/index_patterns/0").asText()).isEqualTo("acme-findings-*");
    assertThat(template.at("/template/settings/index").has("lifecycle")).isFalse();
    JsonNode ism = body("PUT /_plugins/_ism/policies/acme-metrics-retention");
    assertThat(ism.at("/policy/ism_template/0/index_patterns/0").asText())
        .isEqualTo("acme-metrics-*");
  }

  @Test
  void kibanaImportIsAMultipartPostWithOverwrite() throws Exception {
    String url = start();
    answers.put(
        "POST /api/saved_objects/_import", "{\"success\":true,\"successCount\":19,\"errors\":[]}");
    setup(url, "vigil").importKibana(url + "/", EsCredentials.apiKey("k"));
    Call call = calls.get(calls.size() - 1);
    assertThat(call.path()).isEqualTo("/api/saved_objects/_import?overwrite=true");
    assertThat(call.headers().get("Kbn-xsrf")).containsExactly("true");
    assertThat(call.headers().get("Authorization")).containsExactly("ApiKey k");
    assertThat(call.headers().get("Content-type").get(0)).startsWith("multipart/form-data");
    assertThat(call.body())
        .contains("name=\"file\"; filename=\"vigil.ndjson\"")
        .contains("\"type\":\"dashboard\"");
    assertThat(log).anyMatch(l -> l.contains("19 imported"));
  }

  private JsonNode body(String methodAndPath) throws Exception {
    for (Call c : calls) {
      if ((c.method() + " " + c.path()).equals(methodAndPath))
        return Json.MAPPER.readTree(c.body());
    }
    throw new AssertionError("no call " + methodAndPath + " in " + calls);
  }
}
