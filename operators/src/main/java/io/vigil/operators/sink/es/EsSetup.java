package io.vigil.operators.sink.es;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.models.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * Installs, idempotently, what the Elasticsearch output expects: lifecycle policies (ILM on
 * Elasticsearch, ISM on OpenSearch; skipped with a warning where the distribution has neither),
 * composable index templates with explicit mappings, and optionally the Kibana saved objects.
 * Everything comes from the {@code deploy/} folder, packaged under {@code vigil-deploy/}.
 */
public final class EsSetup {
  public static final List<String> TEMPLATES =
      List.of("vigil-findings", "vigil-metrics", "vigil-actions", "vigil-dead-letters");
  public static final String RESOURCES = "vigil-deploy/";
  public static final String KIBANA_OBJECTS = "kibana/vigil-saved-objects.ndjson";

  /** What answered {@code GET /}. */
  public record Cluster(String distribution, String version) {
    public boolean openSearch() {
      return "opensearch".equals(distribution);
    }
  }

  private final RestClient client;
  private final String prefix;
  private final Consumer<String> log;
  private Integer replicas;
  private AwsSigV4 sigV4;

  public EsSetup(RestClient client, String prefix, Consumer<String> log) {
    this.client = client;
    this.prefix = prefix;
    this.log = log;
  }

  /**
   * {@code index.number_of_replicas} of the templates; null (the default) = automatic: 0 on a
   * single data node (a replica could never be assigned and the cluster would stay yellow), 1 on
   * larger clusters.
   */
  public EsSetup replicas(Integer replicas) {
    if (replicas != null && replicas < 0) {
      throw new IllegalArgumentException("replicas must be >= 0, got " + replicas);
    }
    this.replicas = replicas;
    return this;
  }

  /**
   * Amazon OpenSearch Service: the signer of the client (also used for the Dashboards import).
   * Serverless collections ({@code aoss}) have no {@code GET /}, cluster health, ISM or shard and
   * replica settings (AWS manages them): setup then installs the index templates only.
   */
  public EsSetup sigV4(AwsSigV4 sigV4) {
    this.sigV4 = sigV4;
    return this;
  }

  private boolean serverless() {
    return sigV4 != null && "aoss".equals(sigV4.service());
  }

  /** The replica count to install: the explicit one, else from the number of data nodes. */
  int replicasFor() throws IOException {
    if (replicas != null) return replicas;
    JsonNode health = json(client.performRequest(new Request("GET", "/_cluster/health")));
    int dataNodes = health.path("number_of_data_nodes").asInt(0);
    return dataNodes <= 0 ? 1 : Math.min(1, dataNodes - 1);
  }

  public Cluster detect() throws IOException {
    JsonNode root = json(client.performRequest(new Request("GET", "/")));
    JsonNode version = root.path("version");
    String distribution = version.path("distribution").asText("elasticsearch");
    return new Cluster(distribution, version.path("number").asText("?"));
  }

  /** Policies then templates; returns the detected cluster. */
  public Cluster install() throws IOException {
    if (serverless()) return installServerless();
    Cluster cluster = detect();
    log.accept("Cluster: " + cluster.distribution() + " " + cluster.version());
    boolean lifecycle = cluster.openSearch() ? installIsmPolicies() : installIlmPolicies();
    int replicaCount = replicasFor();
    log.accept("Replicas per shard: " + replicaCount);
    for (String name : TEMPLATES) {
      ObjectNode template = template(name);
      ((ObjectNode) template.path("template").path("settings").path("index"))
          .put("number_of_replicas", replicaCount);
      if (lifecycle && !cluster.openSearch()) {
        String policy =
            name.equals("vigil-metrics") ? "vigil-metrics-retention" : "vigil-retention";
        ((ObjectNode) template.path("template").path("settings").path("index"))
            .putObject("lifecycle")
            .put("name", renamed(policy));
      }
      put("/_index_template/" + renamed(name), Json.write(template));
      log.accept("Index template " + renamed(name) + ": installed");
    }
    return cluster;
  }

  /** Templates without index settings (Serverless rejects them); no lifecycle policies. */
  private Cluster installServerless() throws IOException {
    log.accept(
        "Amazon OpenSearch Serverless collection: index templates only (no ISM, no settings)");
    for (String name : TEMPLATES) {
      ObjectNode template = template(name);
      ((ObjectNode) template.path("template")).remove("settings");
      put("/_index_template/" + renamed(name), Json.write(template));
      log.accept("Index template " + renamed(name) + ": installed");
    }
    return new Cluster("opensearch-serverless", "-");
  }

  private static ObjectNode template(String name) throws IOException {
    return (ObjectNode)
        Json.MAPPER.readTree(resource("elasticsearch/index-templates/" + name + ".json"));
  }

  private boolean installIlmPolicies() throws IOException {
    for (String policy : List.of("vigil-retention", "vigil-metrics-retention")) {
      try {
        put("/_ilm/policy/" + renamed(policy), resource("elasticsearch/ilm/" + policy + ".json"));
        log.accept("ILM policy " + renamed(policy) + ": installed");
      } catch (ResponseException e) {
        int status = e.getResponse().getStatusLine().getStatusCode();
        if (status >= 400 && status < 500 && status != 401 && status != 403) {
          log.accept(
              "WARNING: ILM is not available on this cluster (HTTP "
                  + status
                  + ", OSS distribution?): indices get no lifecycle; delete old months by hand.");
          return false;
        }
        throw e;
      }
    }
    return true;
  }

  private boolean installIsmPolicies() throws IOException {
    for (String policy : List.of("vigil-retention", "vigil-metrics-retention")) {
      String path = "/_plugins/_ism/policies/" + renamed(policy);
      String body = resource("opensearch/ism/" + policy + ".json");
      try {
        String query = "";
        try {
          JsonNode existing = json(client.performRequest(new Request("GET", path)));
          query =
              "?if_seq_no="
                  + existing.path("_seq_no").asLong()
                  + "&if_primary_term="
                  + existing.path("_primary_term").asLong();
        } catch (ResponseException e) {
          if (e.getResponse().getStatusLine().getStatusCode() != 404) throw e;
        }
        put(path + query, body);
        log.accept("ISM policy " + renamed(policy) + ": installed");
      } catch (ResponseException e) {
        int status = e.getResponse().getStatusLine().getStatusCode();
        if (status == 400
            || status == 405
            || status == 404 && e.getMessage().contains("no handler")) {
          log.accept(
              "WARNING: the Index State Management plugin is not installed (HTTP "
                  + status
                  + "): indices get no lifecycle; delete old months by hand.");
          return false;
        }
        throw e;
      }
    }
    return true;
  }

  /** Imports the saved objects with {@code POST /api/saved_objects/_import?overwrite=true}. */
  public void importKibana(String kibanaUrl, EsCredentials credentials) throws IOException {
    String ndjson = renamed(resource(KIBANA_OBJECTS));
    String boundary = "vigil-" + UUID.randomUUID();
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"vigil.ndjson\"\r\n"
            + "Content-Type: application/ndjson\r\n\r\n"
            + ndjson
            + "\r\n--"
            + boundary
            + "--\r\n";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(stripSlash(kibanaUrl) + "/api/saved_objects/_import?overwrite=true"))
            .timeout(Duration.ofSeconds(60))
            .header("kbn-xsrf", "true")
            .header("osd-xsrf", "true")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    String auth = credentials.authorizationHeader();
    if (sigV4 != null) {
      URI uri = request.build().uri();
      String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      Map<String, String> signed = new java.util.LinkedHashMap<>();
      signed.put("Content-Type", "multipart/form-data; boundary=" + boundary);
      signed.put("kbn-xsrf", "true");
      signed.put("osd-xsrf", "true");
      sigV4
          .sign("POST", uri, host, signed, body.getBytes(StandardCharsets.UTF_8))
          .forEach(request::header);
    } else if (auth != null) {
      request.header("Authorization", auth);
    }
    HttpResponse<String> response;
    try {
      response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .build()
              .send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    JsonNode result = response.body().isBlank() ? null : Json.MAPPER.readTree(response.body());
    if (response.statusCode() != 200 || result == null || !result.path("success").asBoolean()) {
      throw new IOException(
          "Kibana import failed: HTTP " + response.statusCode() + " " + response.body());
    }
    log.accept("Kibana saved objects: " + result.path("successCount").asInt() + " imported");
  }

  private void put(String path, String body) throws IOException {
    Request request = new Request("PUT", path);
    request.setEntity(new NStringEntity(renamed(body), ContentType.APPLICATION_JSON));
    client.performRequest(request);
  }

  /** Applies the index prefix: {@code vigil-...} names become {@code <prefix>-...}. */
  String renamed(String text) {
    return "vigil".equals(prefix) ? text : text.replace("vigil-", prefix + "-");
  }

  static String resource(String name) throws IOException {
    try (InputStream in = EsSetup.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
      if (in == null) throw new IOException("missing resource " + RESOURCES + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JsonNode json(Response response) throws IOException {
    try (InputStream in = response.getEntity().getContent()) {
      return Json.MAPPER.readTree(in);
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
