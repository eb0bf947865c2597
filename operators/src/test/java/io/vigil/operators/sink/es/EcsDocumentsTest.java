package io.vigil.operators.sink.es;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.decode.DecodeResult;
import io.vigil.models.decode.RecordDecoder;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FunctionConfig;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.policy.FunctionTag;
import io.vigil.testkit.domain.MetricBucketBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EcsDocumentsTest {
  static final long T = 1_762_000_000_000L; // 2025-11-01T12:26:40Z

  static Finding finding() {
    Finding f = new Finding();
    f.id = Finding.stableId("f", 1);
    f.incidentId = Finding.stableId("i", 1);
    f.functionKey = "123456789012/eu-west-1/orders";
    f.accountId = "123456789012";
    f.region = "eu-west-1";
    f.functionName = "orders";
    f.type = "EGRESS_EXFILTRATION";
    f.severity = "HIGH";
    f.status = "OPEN";
    f.detector = "seasonal-baseline";
    f.score = 0.97;
    f.observed = 5_000_000_000.0;
    f.expected = 1_000_000;
    f.unit = "bytes";
    f.windowStart = T - 60_000;
    f.windowEnd = T;
    f.impactUsdPerHour = 0.45;
    f.destinationIp = "203.0.113.7";
    f.destinationPort = 443;
    f.explanation = "5 GB to 203.0.113.7:443";
    return f;
  }

  static MetricBucket bucket() {
    return MetricBucketBuilder.bucket("123456789012/eu-west-1/orders", T)
        .invocations(1200)
        .errors(3)
        .durationP95Ms(230.5)
        .memoryMb(1024, 0)
        .costUsd(0.0123)
        .topDestination("198.51.100.1", 4096, 443)
        .build();
  }

  static RemediationAction action() {
    RemediationAction a = new RemediationAction();
    a.id = Finding.stableId("a", 1);
    a.findingId = "f";
    a.incidentId = "i";
    a.type = "THROTTLE";
    a.accountId = "123456789012";
    a.region = "eu-west-1";
    a.functionName = "orders";
    a.target = "arn:aws:lambda:eu-west-1:123456789012:function:orders";
    a.reservedConcurrency = 0;
    a.reason = "recursive loop";
    a.createdAt = T;
    a.expiresAt = T + 3_600_000;
    a.signature = "sig";
    return a;
  }

  static DeadLetter deadLetter() {
    DeadLetter d = new DeadLetter();
    d.stream = "lambda-logs";
    d.shardId = "shardId-000";
    d.sequenceNumber = "4955";
    d.reason = "bad-gzip";
    d.detail = "Not in GZIP format";
    d.rawBase64 = "AAEC";
    d.rawLength = 3;
    d.timestamp = T;
    return d;
  }

  @Test
  void findingCarriesEcsFields() throws Exception {
    EsDocument doc = EcsDocuments.finding(finding(), "vigil");
    assertThat(doc.index()).isEqualTo("vigil-findings-2025.11");
    assertThat(doc.id()).isEqualTo(finding().id);
    JsonNode d = Json.MAPPER.readTree(doc.source());
    assertThat(d.path("@timestamp").asText()).isEqualTo("2025-11-01T12:26:40Z");
    assertThat(d.at("/event/kind").asText()).isEqualTo("alert");
    assertThat(d.at("/event/category/0").asText()).isEqualTo("network");
    assertThat(d.at("/event/severity").asInt()).isEqualTo(73);
    assertThat(d.at("/rule/name").asText()).isEqualTo("EGRESS_EXFILTRATION");
    assertThat(d.at("/cloud/provider").asText()).isEqualTo("aws");
    assertThat(d.at("/cloud/account/id").asText()).isEqualTo("123456789012");
    assertThat(d.at("/cloud/region").asText()).isEqualTo("eu-west-1");
    assertThat(d.at("/faas/name").asText()).isEqualTo("orders");
    assertThat(d.at("/destination/ip").asText()).isEqualTo("203.0.113.7");
    assertThat(d.at("/destination/port").asInt()).isEqualTo(443);
    assertThat(d.at("/network/bytes").asLong()).isEqualTo(5_000_000_000L);
    assertThat(d.at("/vigil/observed").asDouble()).isEqualTo(5e9);
    assertThat(d.at("/vigil/incident_id").asText()).isEqualTo(finding().incidentId);
    assertThat(d.at("/vigil/window/start").asText()).isEqualTo("2025-11-01T12:25:40Z");
    assertThat(d.at("/vigil/impact_usd_per_hour").asDouble()).isEqualTo(0.45);
  }

  @Test
  void egressFindingsInBytesPerWindowSetNetworkBytes() throws Exception {
    Finding f = finding();
    f.unit = "bytes/minute";
    f.observed = 48_000_000.4;
    JsonNode d = Json.MAPPER.readTree(EcsDocuments.finding(f, "vigil").source());
    assertThat(d.at("/network/bytes").asLong()).isEqualTo(48_000_000L);
    assertThat(d.at("/source/bytes").asLong()).isEqualTo(48_000_000L);
    assertThat(d.at("/source/service").asText()).isEqualTo("orders");
    assertThat(d.at("/destination/ip").asText()).isEqualTo("203.0.113.7");
    assertThat(d.at("/network/type").asText()).isEqualTo("ipv4");
    f.unit = "bytes/5 min";
    d = Json.MAPPER.readTree(EcsDocuments.finding(f, "vigil").source());
    assertThat(d.at("/network/bytes").asLong()).isEqualTo(48_000_000L);
  }

  @Test
  void networkFindingsWithoutBytesOrDestinationTakeThemFromTheirBucket() throws Exception {
    MetricBucket traffic = bucket();
    traffic.egressBytes = 7_340_032;
    traffic.ingressBytes = 1024;
    traffic.packets = 5100;
    Finding scan = finding();
    scan.type = "PORT_SCAN";
    scan.unit = "distinct ports";
    scan.observed = 120;
    scan.destinationIp = null;
    scan.destinationPort = 0;
    scan.windowEnd = traffic.bucketEnd;
    JsonNode d = Json.MAPPER.readTree(EcsDocuments.finding(scan, traffic, "vigil").source());
    assertThat(d.at("/network/bytes").asLong()).isEqualTo(7_340_032L);
    assertThat(d.at("/network/packets").asLong()).isEqualTo(5100);
    assertThat(d.at("/network/direction").asText()).isEqualTo("egress");
    assertThat(d.at("/source/service").asText()).isEqualTo("orders");
    assertThat(d.at("/source/bytes").asLong()).isEqualTo(7_340_032L);
    assertThat(d.at("/destination/ip").asText()).isEqualTo("198.51.100.1");
    assertThat(d.at("/destination/port").asInt()).isEqualTo(443);

    Finding mining = finding();
    mining.type = "CRYPTO_MINING";
    mining.unit = "flows";
    mining.observed = 3;
    mining.destinationPort = 3333;
    mining.windowEnd = traffic.bucketEnd;
    d = Json.MAPPER.readTree(EcsDocuments.finding(mining, traffic, "vigil").source());
    assertThat(d.at("/network/bytes").asLong()).isEqualTo(7_340_032L);
    assertThat(d.at("/destination/ip").asText()).as("the finding's own").isEqualTo("203.0.113.7");
    assertThat(d.at("/destination/port").asInt()).isEqualTo(3333);

    traffic.bucketEnd += 60_000; // another window's traffic is never used
    d = Json.MAPPER.readTree(EcsDocuments.finding(scan, traffic, "vigil").source());
    assertThat(d.at("/network").has("bytes")).isFalse();
    assertThat(d.has("destination")).isFalse();
    assertThat(d.at("/source/service").asText()).isEqualTo("orders");
  }

  @Test
  void costFindingsGetAnAllowedEcsCategoryAndNoNetworkFields() throws Exception {
    Finding f = finding();
    f.type = "INVOCATION_SPIKE";
    f.unit = "invocations/min";
    f.destinationIp = null;
    JsonNode d = Json.MAPPER.readTree(EcsDocuments.finding(f, "vigil").source());
    assertThat(d.at("/event/category/0").asText()).isEqualTo("host");
    assertThat(d.at("/vigil/category").asText()).isEqualTo("cost");
    assertThat(d.has("destination")).isFalse();
    assertThat(d.has("network")).isFalse();
  }

  @Test
  void metricBucketIsIndexedByBucketStart() throws Exception {
    MetricBucket b = bucket();
    b.selfInvocations = 7; // the recursive-loop signature (issue 10)
    EsDocument doc = EcsDocuments.metrics(b, "acme");
    assertThat(doc.index()).isEqualTo("acme-metrics-2025.11");
    JsonNode d = Json.MAPPER.readTree(doc.source());
    assertThat(d.path("@timestamp").asText()).isEqualTo("2025-11-01T12:26:40Z");
    assertThat(d.at("/vigil/metrics/invocations").asLong()).isEqualTo(1200);
    assertThat(d.at("/vigil/metrics/self_invocations").asLong()).isEqualTo(7);
    assertThat(d.at("/faas/name").asText()).isEqualTo("orders");
  }

  @Test
  void idsAndIndicesAreDeterministic() {
    assertThat(EcsDocuments.finding(finding(), "vigil"))
        .isEqualTo(EcsDocuments.finding(finding(), "vigil"));
    assertThat(EcsDocuments.action(action(), "vigil").id()).isEqualTo(action().id);
    String id = EcsDocuments.deadLetter(deadLetter(), "vigil").id();
    assertThat(EcsDocuments.deadLetter(deadLetter(), "vigil").id()).isEqualTo(id);
    DeadLetter other = deadLetter();
    other.reason = "truncated-report";
    assertThat(EcsDocuments.deadLetterId(other)).isNotEqualTo(id);
    // Month boundaries are UTC: the last millisecond of October stays in October.
    assertThat(EcsDocuments.indexName("vigil", "findings", 1_761_955_199_999L))
        .isEqualTo("vigil-findings-2025.10");
  }

  @Test
  void everyBadLineOfOneRecordGetsItsOwnDeadLetterId() {
    // Three bad lines with the same reason in one flow-log record, plus one good line.
    String good =
        "2 210987654321 eni-04a1b2c3d4e5f6a70 10.20.1.57 203.0.113.40 51724 443 6 14 5210"
            + " 1763640000 1763640060 ACCEPT OK";
    String text = String.join("\n", "2 too few", good, "2 also too few", "x y z");
    RawRecord record =
        new RawRecord(
            StreamKind.FLOW_LOGS,
            "pk",
            "shardId-000",
            "4955",
            T,
            0,
            text.getBytes(StandardCharsets.UTF_8));
    DecodeResult result = new RecordDecoder().decode(record);
    List<DeadLetter> dead = result.deadLetters(record);
    assertThat(dead).hasSize(3).extracting(d -> d.reason).containsOnly("bad-flow-line");
    assertThat(dead).extracting(d -> d.lineIndex).containsExactly(0, 2, 3);
    Set<String> ids = dead.stream().map(EcsDocuments::deadLetterId).collect(Collectors.toSet());
    assertThat(ids).hasSize(3);
    // The id depends on the line index alone among otherwise equal dead letters, and is stable.
    DeadLetter a = deadLetter();
    DeadLetter b = deadLetter();
    b.lineIndex = 1;
    assertThat(EcsDocuments.deadLetterId(a)).isNotEqualTo(EcsDocuments.deadLetterId(b));
    assertThat(EcsDocuments.deadLetterId(b)).isEqualTo(EcsDocuments.deadLetterId(copyOf(b)));
  }

  private static DeadLetter copyOf(DeadLetter d) {
    return Json.read(Json.write(d), DeadLetter.class);
  }

  @Test
  void rejectedDocumentBecomesADeadLetterWithTheReason() {
    EsDocument doc = new EsDocument("vigil-findings-2025.11", "abc", "{\"x\":1}");
    DeadLetter dl = EcsDocuments.rejected(doc, 400, "mapper_parsing_exception", "failed to parse");
    assertThat(dl.reason).isEqualTo("es-mapper_parsing_exception");
    assertThat(dl.stream).isEqualTo("elasticsearch:vigil-findings-2025.11");
    assertThat(dl.sequenceNumber).isEqualTo("abc");
    assertThat(dl.detail).contains("400").contains("failed to parse");
    assertThat(dl.rawLength).isEqualTo(7);
  }

  @Test
  void functionTagsBecomeEcsLabels() throws Exception {
    Finding f = finding();
    f.tags =
        FunctionTag.of(Map.of("team", "payments", "vigil:protected", "true", "cost.center", "42"));
    JsonNode labels =
        Json.MAPPER.readTree(EcsDocuments.finding(f, "vigil").source()).path("labels");
    assertThat(labels.path("team").asText()).isEqualTo("payments");
    assertThat(labels.path("vigil:protected").asText()).isEqualTo("true");
    assertThat(labels.path("cost_center").asText()).isEqualTo("42"); // ECS: no dots in label keys
    assertThat(labels.size()).isEqualTo(3);
    RemediationAction a = action();
    a.tags = f.tags;
    JsonNode actionLabels =
        Json.MAPPER.readTree(EcsDocuments.action(a, "vigil").source()).path("labels");
    assertThat(actionLabels).isEqualTo(labels);
    // No tags, no labels object.
    assertThat(
            Json.MAPPER.readTree(EcsDocuments.finding(finding(), "vigil").source()).has("labels"))
        .isFalse();
  }

  static FunctionConfig vpcConfig() {
    return FunctionConfig.of(
        1024,
        30,
        "java21",
        "arm64",
        List.of("subnet-1", "subnet-2"),
        List.of("sg-1"),
        FunctionConfig.FROM_LAMBDA_API);
  }

  @Test
  void functionConfigurationBecomesVigilFunctionFieldsAndHostArchitecture() throws Exception {
    Finding f = finding();
    f.config = vpcConfig();
    JsonNode d = Json.MAPPER.readTree(EcsDocuments.finding(f, "vigil").source());
    JsonNode fn = d.at("/vigil/function");
    assertThat(fn.path("memory_size_mb").asInt()).isEqualTo(1024);
    assertThat(fn.path("timeout_seconds").asInt()).isEqualTo(30);
    assertThat(fn.path("runtime").asText()).isEqualTo("java21");
    assertThat(fn.path("architecture").asText()).isEqualTo("arm64");
    assertThat(fn.path("vpc").asBoolean()).isTrue();
    assertThat(fn.path("subnet_ids")).hasSize(2);
    assertThat(fn.path("security_group_ids").get(0).asText()).isEqualTo("sg-1");
    assertThat(fn.path("config_source").asText()).isEqualTo("lambda-api");
    assertThat(d.at("/host/architecture").asText()).isEqualTo("arm64");
    // Metric buckets from the lookup carry the same, with the tags as labels.
    MetricBucket b = bucket();
    b.config = f.config;
    b.tags = FunctionTag.of(Map.of("team", "payments"));
    JsonNode m = Json.MAPPER.readTree(EcsDocuments.metrics(b, "vigil").source());
    assertThat(m.at("/vigil/function")).isEqualTo(fn);
    assertThat(m.at("/labels/team").asText()).isEqualTo("payments");
    // Unknown configuration: no fields at all.
    JsonNode none = Json.MAPPER.readTree(EcsDocuments.finding(finding(), "vigil").source());
    assertThat(none.at("/vigil").has("function")).isFalse();
    assertThat(none.has("host")).isFalse();
  }

  @Test
  void everyDocumentFieldIsMappedWithASuitableType() throws Exception {
    Finding tagged = finding();
    tagged.tags = FunctionTag.of(Map.of("team", "payments", "Project", "Checkout"));
    tagged.config = vpcConfig();
    check("vigil-findings", EcsDocuments.finding(tagged, "vigil"));
    MetricBucket taggedBucket = bucket();
    taggedBucket.tags = tagged.tags;
    taggedBucket.config = tagged.config;
    check("vigil-metrics", EcsDocuments.metrics(taggedBucket, "vigil"));
    RemediationAction taggedAction = action();
    taggedAction.tags = tagged.tags;
    check("vigil-actions", EcsDocuments.action(taggedAction, "vigil"));
    check("vigil-findings", EcsDocuments.finding(finding(), "vigil"));
    Finding scan = finding();
    scan.type = "PORT_SCAN";
    scan.destinationIp = null;
    scan.windowEnd = bucket().bucketEnd;
    check("vigil-findings", EcsDocuments.finding(scan, bucket(), "vigil"));
    check("vigil-metrics", EcsDocuments.metrics(bucket(), "vigil"));
    check("vigil-actions", EcsDocuments.action(action(), "vigil"));
    check("vigil-dead-letters", EcsDocuments.deadLetter(deadLetter(), "vigil"));
  }

  private static void check(String template, EsDocument doc) throws Exception {
    Map<String, String> mapping = Templates.fields(template);
    Set<String> numeric = Set.of("long", "integer", "double", "float", "scaled_float");
    for (Map.Entry<String, JsonNode> leaf : Templates.leaves(doc.source()).entrySet()) {
      String type = mapping.get(leaf.getKey());
      if (type == null && leaf.getValue().isTextual()) {
        type = Templates.dynamicStringType(template, leaf.getKey());
      }
      assertThat(type).as(template + " maps " + leaf.getKey()).isNotNull();
      JsonNode v = leaf.getValue();
      if (v.isNumber()) assertThat(numeric).as(leaf.getKey()).contains(type);
      if (v.isBoolean()) assertThat(type).as(leaf.getKey()).isEqualTo("boolean");
      if (v.isTextual()) {
        assertThat(type).as(leaf.getKey()).isIn("keyword", "text", "date", "ip");
      }
    }
  }
}
