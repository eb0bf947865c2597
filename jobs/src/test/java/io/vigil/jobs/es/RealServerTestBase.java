package io.vigil.jobs.es;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.VigilJob;
import io.vigil.jobs.VigilOptions;
import io.vigil.models.Json;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.operators.sink.JsonLinesFiles;
import io.vigil.operators.sink.es.BulkIndexer;
import io.vigil.operators.sink.es.EcsDocuments;
import io.vigil.operators.sink.es.EsClients;
import io.vigil.operators.sink.es.EsConfig;
import io.vigil.operators.sink.es.EsCredentials;
import io.vigil.operators.sink.es.EsDocument;
import io.vigil.operators.sink.es.EsOptions;
import io.vigil.operators.sink.es.EsSetup;
import io.vigil.operators.sink.es.EsSink;
import io.vigil.testkit.domain.MetricBucketBuilder;
import io.vigil.testkit.search.ForkedNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The output against a real node: setup, the whole job, injected faults, mapping rejections. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RealServerTestBase {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  ForkedNode node;

  abstract ForkedNode.Kind kind();

  @BeforeAll
  void startNode() throws Exception {
    node = ForkedNode.start(kind());
  }

  @AfterAll
  void stopNode() throws Exception {
    if (node != null) node.close();
  }

  @Test
  @Order(1)
  void setupInstallsTemplatesIdempotently() throws Exception {
    // 'auto' (null) on this single node, then explicitly: both must leave 0 replicas (green).
    // The CLI's flags for this (vigil es setup) are tested in the cli module.
    EsConfig es = EsConfig.of(node.url());
    try (RestClient client = EsClients.create(es, EsCredentials.NONE)) {
      for (Integer replicas : Arrays.asList(null, 0)) {
        new EsSetup(client, es.indexPrefix(), line -> {}).replicas(replicas).install();
      }
    }
    for (String t :
        List.of("vigil-findings", "vigil-metrics", "vigil-actions", "vigil-dead-letters")) {
      JsonNode tpl = get("/_index_template/" + t);
      assertThat(tpl.at("/index_templates/0/index_template/index_patterns/0").asText())
          .isEqualTo(t + "-*");
      assertThat(
              tpl.at("/index_templates/0/index_template/template/settings/index/number_of_replicas")
                  .asText())
          .isEqualTo("0");
    }
  }

  @Test
  @Order(2)
  void wholeJobWritesEveryOutputDocumentOnce(@TempDir Path out) throws Exception {
    Configuration conf = new Configuration();
    conf.set(VigilOptions.ES_URL, node.url());
    conf.set(VigilOptions.SIM_MINUTES, 90L);
    conf.set(VigilOptions.SIM_CLOCK_FACTOR, 0.0);
    conf.set(VigilOptions.SIM_FUNCTIONS, 10);
    conf.set(VigilOptions.SIM_CORRUPT_EVERY, 50);
    conf.set(VigilOptions.OUTPUT_DIR, out.toString());
    conf.set(VigilOptions.CONSOLE, false);
    conf.set(VigilOptions.PARALLELISM, 1);
    // Network incidents inside the 90 minutes (neither needs a learnt baseline), for the ECS
    // network fields; the non-network detectors still run over the whole fleet.
    Path scenario = out.resolve("scenario.yaml");
    Files.writeString(
        scenario,
        "incidents:\n"
            + "  - {type: CRYPTO_MINING, function: auto, startMinute: 50, durationMinutes: 20}\n"
            + "  - {type: PORT_SCAN, function: auto, startMinute: 60, durationMinutes: 15}\n");
    conf.set(VigilOptions.SIM_SCENARIO, scenario.toString());
    conf.set(VigilOptions.WEB_UI_PORT, 0);
    conf.set(VigilOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2));
    conf.set(VigilOptions.ES_BULK_MAX_ACTIONS, 200);
    StreamExecutionEnvironment env = LocalRunner.environment(conf);
    VigilJob.build(env, conf);
    env.execute("vigil-es-" + kind());
    refresh();

    long metrics = distinctIds(out, "metrics", l -> Json.read(l, MetricBucket.class).id);
    assertThat(metrics).isPositive();
    assertThat(count("vigil-metrics-*")).isEqualTo(metrics);
    long findings = distinctIds(out, "findings", l -> Json.MAPPER.readTree(l).path("id").asText());
    assertThat(count("vigil-findings-*")).isEqualTo(findings);
    long actions = distinctIds(out, "actions", l -> Json.MAPPER.readTree(l).path("id").asText());
    assertThat(count("vigil-actions-*")).isEqualTo(actions);
    long deadLetters =
        distinctIds(
            out, "dead-letters", l -> EcsDocuments.deadLetterId(Json.read(l, DeadLetter.class)));
    assertThat(deadLetters).isPositive();
    assertThat(count("vigil-dead-letters-*")).isEqualTo(deadLetters);
    // Every network finding carries the ECS network fields, bytes and destination included
    // (the job's NetworkTrafficJoin gives a port scan its window's traffic).
    String network = "rule.name:(CRYPTO_MINING OR PORT_SCAN OR EGRESS_EXFILTRATION)";
    long networkFindings = hits("vigil-findings-*", network);
    assertThat(networkFindings).as("network findings indexed").isPositive();
    assertThat(
            hits(
                "vigil-findings-*",
                network
                    + " AND _exists_:network.bytes AND _exists_:destination.ip"
                    + " AND _exists_:source.service AND network.direction:egress"))
        .isEqualTo(networkFindings);
    assertThat(hits("vigil-findings-*", "rule.name:PORT_SCAN AND _exists_:destination.ip"))
        .as("a port scan's destination comes from its window's traffic")
        .isPositive();
    JsonNode health = get("/_cluster/health?wait_for_status=green&timeout=30s");
    assertThat(health.path("status").asText()).as("single node, 0 replicas").isEqualTo("green");
    System.out.printf(
        "%s: %d metric buckets, %d findings, %d actions, %d dead letters indexed%n",
        kind(), metrics, findings, actions, deadLetters);

    JsonNode mapping = get("/vigil-metrics-*/_mapping");
    JsonNode props = mapping.elements().next().at("/mappings/properties");
    assertThat(props.at("/@timestamp/type").asText()).isEqualTo("date");
    assertThat(props.at("/faas/properties/name/type").asText()).isEqualTo("keyword");
    assertThat(props.at("/vigil/properties/metrics/properties/estimated_cost_usd/type").asText())
        .isEqualTo("double");
    if (findings > 0) {
      JsonNode f = get("/vigil-findings-*/_mapping").elements().next().at("/mappings/properties");
      assertThat(f.at("/event/properties/severity/type").asText()).isEqualTo("long");
      assertThat(f.at("/rule/properties/name/type").asText()).isEqualTo("keyword");
    }
  }

  @Test
  @Order(3)
  void injected429And503LoseNothingAndDuplicateNothing() throws Exception {
    int n = 3000;
    long month = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli();
    try (FaultProxy proxy = new FaultProxy(node.url(), 3, 8)) {
      Configuration options = new Configuration();
      options.set(EsOptions.URL, proxy.url());
      options.set(EsOptions.BULK_MAX_ACTIONS, 100);
      options.set(EsOptions.BULK_INITIAL_BACKOFF, Duration.ofMillis(20));
      options.set(EsOptions.BULK_MAX_BACKOFF, Duration.ofMillis(200));
      EsConfig es = EsConfig.from(options);
      runBuckets(es, n, month);
      assertThat(proxy.injected.get()).isEqualTo(7);
      assertThat(proxy.bulkRequests.get()).isGreaterThan(n / 100);
    }
    refresh();
    assertThat(count("vigil-metrics-2020.01")).isEqualTo(n);
  }

  @Test
  @Order(4)
  void mappingRejectionsGoToTheDeadLetters() throws Exception {
    EsConfig es = EsConfig.of(node.url());
    try (BulkIndexer indexer = new BulkIndexer(EsClients.create(es, EsCredentials.NONE), es)) {
      indexer.add(
          new EsDocument("vigil-findings-2020.02", "good-1", "{\"event\":{\"severity\":73}}"));
      indexer.add(
          new EsDocument(
              "vigil-findings-2020.02", "bad-1", "{\"event\":{\"severity\":\"very high\"}}"));
      indexer.flush();
      assertThat(indexer.deadLettered()).isEqualTo(1);
      assertThat(indexer.acknowledged()).isEqualTo(1);
    }
    refresh();
    JsonNode hits =
        get("/vigil-dead-letters-*/_search?q=vigil.dead_letter.sequence_number:bad-1").path("hits");
    assertThat(hits.at("/total/value").asLong()).isEqualTo(1);
    JsonNode dl = hits.at("/hits/0/_source");
    assertThat(dl.at("/vigil/dead_letter/reason").asText())
        .isEqualTo("es-mapper_parsing_exception");
    assertThat(dl.at("/vigil/dead_letter/stream").asText())
        .isEqualTo("elasticsearch:vigil-findings-2020.02");
  }

  @Test
  @Order(5)
  void networkFindingsAreIndexedWithEcsNetworkFields() throws Exception {
    MetricBucket traffic = bucket(3, Instant.parse("2020-03-01T00:00:00Z").toEpochMilli());
    traffic.egressBytes = 7_340_032;
    traffic.packets = 5100;
    traffic.topDestinationPort = 4444;
    Finding scan = new Finding();
    scan.id = "scan-1";
    scan.functionName = traffic.functionName;
    scan.type = "PORT_SCAN";
    scan.severity = "HIGH";
    scan.unit = "distinct ports";
    scan.windowStart = traffic.bucketStart;
    scan.windowEnd = traffic.bucketEnd;
    Finding egress = new Finding();
    egress.id = "egress-1";
    egress.functionName = traffic.functionName;
    egress.type = "EGRESS_EXFILTRATION";
    egress.severity = "HIGH";
    egress.unit = "bytes/minute";
    egress.observed = 48_000_000;
    egress.destinationIp = "2001:db8::7";
    egress.destinationPort = 443;
    egress.windowStart = traffic.bucketStart;
    egress.windowEnd = traffic.bucketEnd;
    EsConfig es = EsConfig.of(node.url());
    try (BulkIndexer indexer = new BulkIndexer(EsClients.create(es, EsCredentials.NONE), es)) {
      indexer.add(EcsDocuments.finding(scan, traffic, "vigil"));
      indexer.add(EcsDocuments.finding(egress, null, "vigil"));
      indexer.flush();
      assertThat(indexer.deadLettered()).isZero();
      assertThat(indexer.acknowledged()).isEqualTo(2);
    }
    refresh();
    // Searchable by the ECS fields, with their mapped types (ip ranges, numeric ranges).
    assertThat(hits("vigil-findings-2020.03", "network.bytes:[7000000 TO *]")).isEqualTo(2);
    assertThat(hits("vigil-findings-2020.03", "destination.ip:\"198.51.100.3\"")).isEqualTo(1);
    assertThat(hits("vigil-findings-2020.03", "destination.ip:\"2001:db8::/32\"")).isEqualTo(1);
    assertThat(hits("vigil-findings-2020.03", "source.service:fn-3 AND network.packets:5100"))
        .isEqualTo(1);
    JsonNode props =
        get("/vigil-findings-2020.03/_mapping").elements().next().at("/mappings/properties");
    assertThat(props.at("/network/properties/bytes/type").asText()).isEqualTo("long");
    assertThat(props.at("/destination/properties/ip/type").asText()).isEqualTo("ip");
    assertThat(props.at("/source/properties/bytes/type").asText()).isEqualTo("long");
  }

  @Test
  @Order(6)
  void functionTagsAreSearchableEcsLabels() throws Exception {
    MetricBucket b = bucket(4, Instant.parse("2020-04-01T00:00:00Z").toEpochMilli());
    Finding f = new Finding();
    f.id = "tagged-1";
    f.incidentId = "inc-tagged";
    f.status = "OPEN";
    f.accountId = b.accountId;
    f.region = b.region;
    f.functionName = b.functionName;
    f.type = "INVOCATION_SPIKE";
    f.severity = "HIGH";
    f.windowStart = b.bucketStart;
    f.windowEnd = b.bucketEnd;
    f.explanation = "spike";
    f.tags =
        io.vigil.models.policy.FunctionTag.of(
            java.util.Map.of("team", "payments", "vigil:protected", "true", "cost.center", "42"));
    io.vigil.models.action.RemediationAction a =
        new io.vigil.models.action.ActionPlanner().plan(f).get(0);
    EsConfig es = EsConfig.of(node.url());
    try (BulkIndexer indexer = new BulkIndexer(EsClients.create(es, EsCredentials.NONE), es)) {
      indexer.add(EcsDocuments.finding(f, null, "vigil"));
      indexer.add(EcsDocuments.action(a, "vigil"));
      indexer.flush();
      assertThat(indexer.deadLettered()).isZero();
      assertThat(indexer.acknowledged()).isEqualTo(2);
    }
    refresh();
    assertThat(hits("vigil-findings-2020.04", "labels.team:payments")).isEqualTo(1);
    assertThat(hits("vigil-findings-2020.04", "labels.cost_center:42")).isEqualTo(1);
    assertThat(
            hits("vigil-actions-2020.04", "labels.vigil\\:protected:true AND event.action:NOTIFY"))
        .isEqualTo(1);
    JsonNode props =
        get("/vigil-findings-2020.04/_mapping").elements().next().at("/mappings/properties");
    assertThat(props.at("/labels/properties/team/type").asText()).isEqualTo("keyword");
  }

  long hits(String index, String query) throws Exception {
    String q = java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8);
    return get("/" + index + "/_count?q=" + q).path("count").asLong();
  }

  /** {@code n} metric buckets, one a minute from {@code start}, through the sink; returns ms. */
  static long runBuckets(EsConfig es, int n, long start) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.enableCheckpointing(1000);
    env.fromSequence(0, n - 1)
        .map(i -> bucket(i, start))
        .returns(TypeInformation.of(MetricBucket.class))
        .sinkTo(EsSink.metrics(es))
        .uid("sink-es-metrics")
        .name("Metrics -> Elasticsearch");
    long t0 = System.nanoTime();
    env.execute("vigil-es-buckets");
    return (System.nanoTime() - t0) / 1_000_000;
  }

  static MetricBucket bucket(long i, long start) {
    return MetricBucketBuilder.bucket(
            "123456789012/us-east-1/fn-" + (i % 50), start + (i / 50) * 60_000)
        .invocations(100 + i % 17)
        .durationP95Ms(120.5)
        .memoryMb(512, 0)
        .costUsd(0.001 * (i % 7))
        .topDestination("198.51.100." + (i % 9), 0, 0)
        .build();
  }

  interface IdOf {
    String apply(String line) throws Exception;
  }

  static long distinctIds(Path out, String output, IdOf id) throws Exception {
    Set<String> ids = new HashSet<>();
    for (String line : JsonLinesFiles.lines(out, output)) ids.add(id.apply(line));
    return ids.size();
  }

  void refresh() throws Exception {
    send("POST", "/_refresh");
  }

  long count(String index) throws Exception {
    return get("/" + index + "/_count").path("count").asLong();
  }

  JsonNode get(String path) throws Exception {
    return send("GET", path);
  }

  JsonNode send(String method, String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(node.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }
}
