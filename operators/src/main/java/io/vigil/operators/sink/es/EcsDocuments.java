package io.vigil.operators.sink.es;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.models.Json;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.FunctionConfig;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.finding.Severity;
import io.vigil.models.policy.FunctionTag;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Maps Vigil records to Elastic Common Schema documents (nested objects, not dotted keys), one
 * index family per kind. Index names are monthly and derived from the document's own timestamp
 * ({@code vigil-findings-2025.11}), so a replayed record always lands in the same index under the
 * same id and overwrites itself.
 */
public final class EcsDocuments {
  public static final String FINDINGS = "findings";
  public static final String METRICS = "metrics";
  public static final String ACTIONS = "actions";
  public static final String DEAD_LETTERS = "dead-letters";

  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

  private EcsDocuments() {}

  /** {@code <prefix>-<kind>-yyyy.MM} of {@code epochMs} (UTC). */
  public static String indexName(String prefix, String kind, long epochMs) {
    return prefix + "-" + kind + "-" + MONTH.format(Instant.ofEpochMilli(epochMs));
  }

  /** ECS {@code event.category} (allowed values only) of a finding type's coarse category. */
  public static String ecsCategory(String vigilCategory) {
    return switch (vigilCategory) {
      case "intrusion_detection" -> "intrusion_detection";
      case "network" -> "network";
      default -> "host"; // cost, reliability, performance: about the function's host (ECS has no
        // cost category); the raw one is in vigil.category.
    };
  }

  public static EsDocument finding(Finding f, String prefix) {
    return finding(f, null, prefix);
  }

  /**
   * A finding, with the traffic of the bucket it was detected in ({@code traffic}, optional) for
   * the ECS network fields of network findings.
   */
  public static EsDocument finding(Finding f, MetricBucket traffic, String prefix) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    d.put("@timestamp", iso(f.windowEnd));
    d.put("message", f.explanation);
    String category = category(f.type);
    ObjectNode event = d.putObject("event");
    event.put("kind", "alert");
    event.putArray("category").add(ecsCategory(category));
    event.putArray("type").add("info");
    event.put("severity", severityLevel(f.severity));
    event.put("id", f.id);
    event.put("start", iso(f.windowStart));
    event.put("end", iso(f.windowEnd));
    event.put("module", "vigil");
    event.put("dataset", "vigil.findings");
    ObjectNode rule = d.putObject("rule");
    rule.put("name", f.type);
    rule.put("category", category);
    cloud(d, f.accountId, f.region);
    faas(d, f.functionName);
    labels(d, f.tags);
    if (isNetwork(f.type)) network(d, f, traffic);
    ObjectNode v = d.putObject("vigil");
    functionConfig(d, v, f.config);
    v.put("finding_type", f.type);
    v.put("category", category);
    v.put("severity", f.severity);
    v.put("status", f.status);
    v.put("incident_id", f.incidentId);
    v.put("detector", f.detector);
    v.put("function_key", f.functionKey);
    v.put("score", f.score);
    v.put("observed", f.observed);
    v.put("expected", f.expected);
    v.put("unit", f.unit);
    v.put("explanation", f.explanation);
    v.put("impact_usd_per_hour", f.impactUsdPerHour);
    ObjectNode window = v.putObject("window");
    window.put("start", iso(f.windowStart));
    window.put("end", iso(f.windowEnd));
    return new EsDocument(indexName(prefix, FINDINGS, f.windowEnd), f.id, Json.write(d));
  }

  public static EsDocument metrics(MetricBucket b, String prefix) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    d.put("@timestamp", iso(b.bucketStart));
    ObjectNode event = d.putObject("event");
    event.put("kind", "metric");
    event.put("module", "vigil");
    event.put("dataset", "vigil.metrics");
    event.put("id", b.id);
    cloud(d, b.accountId, b.region);
    faas(d, b.functionName);
    labels(d, b.tags);
    ObjectNode v = d.putObject("vigil");
    functionConfig(d, v, b.config);
    v.put("function_key", b.functionKey);
    ObjectNode m = v.putObject("metrics");
    m.put("bucket_end", iso(b.bucketEnd));
    m.put("invocations", b.invocations);
    m.put("errors", b.errors);
    m.put("timeouts", b.timeouts);
    m.put("out_of_memory", b.outOfMemory);
    m.put("throttles", b.throttles);
    m.put("cold_starts", b.coldStarts);
    m.put("self_invocations", b.selfInvocations);
    m.put("duration_p50_ms", b.durationP50Ms);
    m.put("duration_p95_ms", b.durationP95Ms);
    m.put("duration_p99_ms", b.durationP99Ms);
    m.put("duration_max_ms", b.durationMaxMs);
    m.put("memory_size_mb", b.memorySizeMb);
    m.put("max_memory_used_mb", b.maxMemoryUsedMb);
    m.put("memory_used_p99_mb", b.memoryUsedP99Mb);
    m.put("gb_seconds", b.gbSeconds);
    m.put("estimated_cost_usd", b.estimatedCostUsd);
    m.put("billed_cost_usd", b.billedCostUsd);
    m.put("flows", b.flows);
    m.put("rejected_flows", b.rejectedFlows);
    m.put("egress_bytes", b.egressBytes);
    m.put("ingress_bytes", b.ingressBytes);
    m.put("packets", b.packets);
    m.put("distinct_destinations", b.distinctDestinations);
    m.put("distinct_destination_ports", b.distinctDestinationPorts);
    m.put("mining_port_flows", b.miningPortFlows);
    if (b.topDestination != null) m.put("top_destination", b.topDestination);
    m.put("top_destination_bytes", b.topDestinationBytes);
    m.put("top_destination_port", b.topDestinationPort);
    m.put("new_destinations", b.newDestinations);
    return new EsDocument(indexName(prefix, METRICS, b.bucketStart), b.id, Json.write(d));
  }

  public static EsDocument action(RemediationAction a, String prefix) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    d.put("@timestamp", iso(a.createdAt));
    d.put("message", a.reason);
    ObjectNode event = d.putObject("event");
    event.put("kind", "event");
    event.putArray("category").add("configuration");
    event.putArray("type").add("change");
    event.put("action", a.type);
    event.put("id", a.id);
    event.put("module", "vigil");
    event.put("dataset", "vigil.actions");
    cloud(d, a.accountId, a.region);
    faas(d, a.functionName);
    labels(d, a.tags);
    ObjectNode v = d.putObject("vigil").putObject("action");
    v.put("id", a.id);
    v.put("schema_version", a.schemaVersion);
    v.put("type", a.type);
    v.put("mode", a.mode);
    v.put("finding_id", a.findingId);
    v.put("incident_id", a.incidentId);
    v.put("target", a.target);
    if (a.reservedConcurrency >= 0) v.put("reserved_concurrency", a.reservedConcurrency);
    if (a.memorySizeMb >= 0) v.put("memory_size_mb", a.memorySizeMb);
    v.put("security_group_id", a.securityGroupId);
    v.put("reason", a.reason);
    if (a.expiresAt > 0) v.put("expires_at", iso(a.expiresAt));
    v.put("signed", a.signature != null);
    return new EsDocument(indexName(prefix, ACTIONS, a.createdAt), a.id, Json.write(d));
  }

  /**
   * ECS {@code labels}: the function's tags as keyword values. ECS label keys may not contain dots
   * (Elasticsearch would read {@code a.b} as an object path and clash with a tag {@code a}), so
   * dots become underscores; AWS's own {@code aws:} and {@code vigil:} prefixes keep their colons.
   */
  static void labels(ObjectNode d, FunctionTag[] tags) {
    if (tags == null || tags.length == 0) return;
    ObjectNode labels = d.putObject("labels");
    for (FunctionTag t : tags) {
      if (t == null || t.key == null || t.key.isBlank()) continue;
      labels.put(t.key.replace('.', '_'), t.value == null ? "" : t.value);
    }
  }

  /**
   * The function's configuration. ECS has no field for a function's memory, timeout or runtime, so
   * they go under {@code vigil.function.*} (custom fields stay out of ECS field sets); the
   * architecture is also ECS {@code host.architecture}, the host being the function's sandbox.
   */
  static void functionConfig(ObjectNode d, ObjectNode vigil, FunctionConfig c) {
    if (c == null) return;
    ObjectNode fn = vigil.putObject("function");
    if (c.memorySizeMb != null) fn.put("memory_size_mb", c.memorySizeMb);
    if (c.timeoutSeconds != null) fn.put("timeout_seconds", c.timeoutSeconds);
    if (c.runtime != null) fn.put("runtime", c.runtime);
    if (c.architecture != null) {
      fn.put("architecture", c.architecture);
      d.putObject("host").put("architecture", c.architecture);
    }
    if (c.vpc != null) fn.put("vpc", c.vpc);
    if (c.subnetIds != null && c.subnetIds.length > 0) {
      var a = fn.putArray("subnet_ids");
      for (String id : c.subnetIds) a.add(id);
    }
    if (c.securityGroupIds != null && c.securityGroupIds.length > 0) {
      var a = fn.putArray("security_group_ids");
      for (String id : c.securityGroupIds) a.add(id);
    }
    if (c.source != null) fn.put("config_source", c.source);
  }

  /** Network and intrusion findings (mining pools, exfiltration, port scans). */
  public static boolean isNetwork(String type) {
    String category = category(type);
    return "network".equals(category) || "intrusion_detection".equals(category);
  }

  /**
   * Whether a unit measures bytes, with or without a window: {@code bytes}, {@code bytes/minute},
   * {@code bytes/5 min} (egress findings name their bucket).
   */
  static boolean isBytes(String unit) {
    return unit != null && (unit.equals("bytes") || unit.startsWith("bytes/"));
  }

  /**
   * ECS {@code network.*}, {@code source.*}, {@code destination.*} of a network finding. The
   * function is the source of the traffic; it has no stable address, so it is named in {@code
   * source.service}. Bytes and packets come from the finding when it measures bytes, else from its
   * bucket's traffic; the destination from the finding, else the bucket's top destination.
   */
  private static void network(ObjectNode d, Finding f, MetricBucket traffic) {
    boolean matching = traffic != null && traffic.bucketEnd == f.windowEnd;
    ObjectNode network = d.putObject("network");
    network.put("direction", "egress");
    ObjectNode source = d.putObject("source");
    source.put("service", f.functionName);
    long bytes = -1;
    if (isBytes(f.unit)) bytes = Math.round(f.observed);
    else if (matching) bytes = traffic.egressBytes;
    if (bytes >= 0) {
      network.put("bytes", bytes);
      source.put("bytes", bytes);
    }
    if (matching) network.put("packets", traffic.packets);
    String ip = f.destinationIp;
    int port = f.destinationPort;
    if (ip == null && matching && traffic.topDestination != null) {
      ip = traffic.topDestination;
      port = traffic.topDestinationPort;
    }
    if (ip != null) {
      ObjectNode dest = d.putObject("destination");
      dest.put("ip", ip);
      dest.put("address", ip);
      if (port > 0) dest.put("port", port);
      network.put("type", ip.contains(":") ? "ipv6" : "ipv4");
    }
  }

  /**
   * Id of a dead letter: stream + shard + sequence + line index + hash of the reason. The line
   * index tells apart the bad lines of one record, so the index holds one document per dead letter,
   * and a replayed dead letter overwrites itself.
   */
  public static String deadLetterId(DeadLetter dl) {
    return Finding.stableId(
        "dead-letter",
        dl.stream,
        dl.shardId,
        dl.sequenceNumber,
        Integer.toString(dl.lineIndex),
        Finding.stableId(dl.reason));
  }

  public static EsDocument deadLetter(DeadLetter dl, String prefix) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    d.put("@timestamp", iso(dl.timestamp));
    d.put("message", dl.detail);
    ObjectNode event = d.putObject("event");
    event.put("kind", "pipeline_error");
    event.put("module", "vigil");
    event.put("dataset", "vigil.dead_letters");
    event.put("reason", dl.reason);
    ObjectNode error = d.putObject("error");
    error.put("type", dl.reason);
    error.put("message", dl.detail);
    ObjectNode v = d.putObject("vigil").putObject("dead_letter");
    v.put("stream", dl.stream);
    v.put("shard_id", dl.shardId);
    v.put("sequence_number", dl.sequenceNumber);
    v.put("reason", dl.reason);
    v.put("detail", dl.detail);
    v.put("raw_base64", dl.rawBase64);
    v.put("raw_length", dl.rawLength);
    return new EsDocument(
        indexName(prefix, DEAD_LETTERS, dl.timestamp), deadLetterId(dl), Json.write(d));
  }

  /** The dead letter recorded for a document the cluster rejected (mapping / validation error). */
  public static DeadLetter rejected(EsDocument doc, int status, String errorType, String reason) {
    DeadLetter dl = new DeadLetter();
    dl.stream = "elasticsearch:" + doc.index();
    dl.shardId = "-";
    dl.sequenceNumber = doc.id();
    dl.reason = "es-" + (errorType == null ? "status-" + status : errorType);
    dl.detail = reason == null ? "HTTP " + status : truncate("HTTP " + status + ": " + reason, 500);
    byte[] raw = doc.source().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    dl.rawLength = raw.length;
    byte[] head = java.util.Arrays.copyOf(raw, Math.min(raw.length, DeadLetter.MAX_RAW_BYTES));
    dl.rawBase64 = java.util.Base64.getEncoder().encodeToString(head);
    dl.timestamp = System.currentTimeMillis();
    return dl;
  }

  private static String truncate(String s, int max) {
    return s.length() > max ? s.substring(0, max) : s;
  }

  private static String category(String type) {
    try {
      return FindingType.valueOf(type).category;
    } catch (RuntimeException e) {
      return "unknown";
    }
  }

  private static int severityLevel(String severity) {
    try {
      return Severity.valueOf(severity).ecsLevel;
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static void cloud(ObjectNode d, String account, String region) {
    ObjectNode cloud = d.putObject("cloud");
    cloud.put("provider", "aws");
    cloud.putObject("account").put("id", account);
    cloud.put("region", region);
    cloud.putObject("service").put("name", "lambda");
  }

  private static void faas(ObjectNode d, String name) {
    d.putObject("faas").put("name", name);
  }

  static String iso(long epochMs) {
    return Instant.ofEpochMilli(epochMs).toString();
  }

  /** Maps one element type to its document; serialisable so sinks can carry it. */
  @FunctionalInterface
  public interface Mapper<T> extends Serializable {
    EsDocument map(T element, String prefix);
  }
}
