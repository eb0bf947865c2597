package io.vigil.cli.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.models.Json;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.operators.sink.es.EcsDocuments;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The data of a backtest report, computed from a finished job's JSONL outputs: fleet summary,
 * findings, per-function series, recommendations with their savings, dead letters by reason. The
 * page ({@link HtmlReport}) only lays it out.
 */
public final class BacktestReport {
  static final double HOURS_PER_MONTH = 730;

  final List<Finding> findings;
  final List<MetricBucket> buckets;
  final List<RemediationAction> actions;
  final List<DeadLetter> deadLetters;

  public BacktestReport(
      List<Finding> findings,
      List<MetricBucket> buckets,
      List<RemediationAction> actions,
      List<DeadLetter> deadLetters) {
    this.findings =
        findings.stream()
            .sorted(Comparator.comparingLong((Finding f) -> f.windowEnd).thenComparing(f -> f.id))
            .toList();
    this.buckets =
        buckets.stream()
            .sorted(
                Comparator.comparing((MetricBucket b) -> b.functionKey)
                    .thenComparingLong(b -> b.bucketStart))
            .toList();
    this.actions = actions;
    this.deadLetters = deadLetters;
  }

  public List<Finding> findings() {
    return findings;
  }

  public List<MetricBucket> buckets() {
    return buckets;
  }

  /** Reads findings, metrics, actions and dead letters from a job's output folder. */
  public static BacktestReport read(Path outputDir) throws IOException {
    return new BacktestReport(
        OutputFiles.read(outputDir, "findings", Finding.class, f -> f.id),
        OutputFiles.read(outputDir, "metrics", MetricBucket.class, b -> b.id),
        OutputFiles.read(outputDir, "actions", RemediationAction.class, a -> a.id),
        OutputFiles.read(outputDir, "dead-letters", DeadLetter.class, EcsDocuments::deadLetterId));
  }

  /** Everything the page shows, as one JSON object. */
  public ObjectNode toJson(String title) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("title", title);
    root.put("generatedAt", Instant.now().toString());
    root.set("summary", summary());
    root.set("findings", Json.MAPPER.valueToTree(findings));
    root.set("series", series());
    root.set("recommendations", recommendations());
    root.set("deadLetters", deadLettersByReason());
    return root;
  }

  ObjectNode summary() {
    ObjectNode s = Json.MAPPER.createObjectNode();
    s.put("functions", buckets.stream().map(b -> b.functionKey).distinct().count());
    s.put("from", buckets.stream().mapToLong(b -> b.bucketStart).min().orElse(0));
    s.put("to", buckets.stream().mapToLong(b -> b.bucketEnd).max().orElse(0));
    s.put("buckets", buckets.size());
    s.put("invocations", buckets.stream().mapToLong(b -> b.invocations).sum());
    s.put("errors", buckets.stream().mapToLong(b -> b.errors).sum());
    s.put("costUsd", buckets.stream().mapToDouble(b -> b.estimatedCostUsd).sum());
    s.put("egressBytes", buckets.stream().mapToLong(b -> b.egressBytes).sum());
    s.put("findings", findings.size());
    s.put("incidents", findings.stream().map(f -> f.incidentId).distinct().count());
    s.set("incidentsByType", counts(incidents(), f -> f.type));
    s.set("incidentsBySeverity", counts(incidents(), f -> f.severity));
    s.put("actions", actions.size());
    s.put("deadLetters", deadLetters.size());
    List<Recommendation> recs = recommendationsList();
    s.put(
        "savingsUsdPerMonth",
        recs.stream().filter(r -> r.recurring()).mapToDouble(r -> r.savings).sum());
    s.put(
        "avoidableIncidentUsd",
        recs.stream().filter(r -> !r.recurring()).mapToDouble(r -> r.savings).sum());
    return s;
  }

  /** The first finding of each incident (its OPEN, else the earliest). */
  List<Finding> incidents() {
    Map<String, Finding> first = new TreeMap<>();
    for (Finding f : findings) first.putIfAbsent(f.incidentId, f);
    return List.copyOf(first.values());
  }

  private static ObjectNode counts(List<Finding> list, Function<Finding, String> key) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    list.stream()
        .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()))
        .forEach(n::put);
    return n;
  }

  /**
   * Per function: bucket start (s), invocations, p95 duration, cost, egress (columnar), and the
   * function's tags and configuration as its latest finding (else bucket) carries them.
   */
  ObjectNode series() {
    ObjectNode all = Json.MAPPER.createObjectNode();
    Map<String, Finding> latest = new HashMap<>();
    for (Finding f : findings) if (f.tags != null || f.config != null) latest.put(f.functionKey, f);
    Map<String, List<MetricBucket>> byFunction =
        buckets.stream()
            .collect(Collectors.groupingBy(b -> b.functionKey, TreeMap::new, Collectors.toList()));
    byFunction.forEach(
        (key, list) -> {
          ObjectNode fn = all.putObject(key);
          fn.put("name", list.get(0).functionName);
          Finding f = latest.get(key);
          MetricBucket last = list.get(list.size() - 1);
          var tags = f != null ? f.tags : last.tags;
          var config = f != null ? f.config : last.config;
          if (tags != null) fn.set("tags", Json.MAPPER.valueToTree(tags));
          if (config != null) fn.set("config", Json.MAPPER.valueToTree(config));
          ArrayNode t = fn.putArray("t");
          ArrayNode inv = fn.putArray("invocations");
          ArrayNode p95 = fn.putArray("p95");
          ArrayNode cost = fn.putArray("cost");
          ArrayNode egress = fn.putArray("egress");
          for (MetricBucket b : list) {
            t.add(b.bucketStart / 1000);
            inv.add(b.invocations);
            p95.add(round(b.durationP95Ms, 1));
            cost.add(round(b.estimatedCostUsd, 8));
            egress.add(b.egressBytes);
          }
        });
    return all;
  }

  /** One remediation with what it is worth. */
  record Recommendation(
      RemediationAction action, Finding finding, double savings, boolean recurring, String basis) {}

  /**
   * Savings per action, from the findings of its incident: right-sizing saves its finding's cost
   * rate every month; an incident action saves (at most) the spend above baseline while the
   * incident lasted, i.e. its peak excess rate over its duration.
   */
  List<Recommendation> recommendationsList() {
    Map<String, Finding> byId = new HashMap<>();
    Map<String, List<Finding>> byIncident = new HashMap<>();
    for (Finding f : findings) {
      byId.put(f.id, f);
      byIncident.computeIfAbsent(f.incidentId, k -> new java.util.ArrayList<>()).add(f);
    }
    return actions.stream()
        .sorted(Comparator.comparingLong((RemediationAction a) -> a.createdAt))
        .map(
            a -> {
              Finding f = byId.get(a.findingId);
              List<Finding> incident = byIncident.getOrDefault(a.incidentId, List.of());
              if ("RIGHTSIZE".equals(a.type) && f != null) {
                return new Recommendation(
                    a, f, f.impactUsdPerHour * HOURS_PER_MONTH, true, "per month, recurring");
              }
              double peak = incident.stream().mapToDouble(x -> x.impactUsdPerHour).max().orElse(0);
              long start = incident.stream().mapToLong(x -> x.windowStart).min().orElse(0);
              long end = incident.stream().mapToLong(x -> x.windowEnd).max().orElse(0);
              double hours = Math.max(0, end - start) / 3_600_000.0;
              return new Recommendation(
                  a,
                  f,
                  peak * hours,
                  false,
                  String.format("once: peak excess over %.1f h of incident", hours));
            })
        .toList();
  }

  ArrayNode recommendations() {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (Recommendation r : recommendationsList()) {
      ObjectNode n = out.addObject();
      n.put("id", r.action().id);
      n.put("type", r.action().type);
      n.put("mode", r.action().mode);
      n.put("function", r.action().functionName);
      n.put("createdAt", r.action().createdAt);
      n.put("reason", r.action().reason);
      n.put("findingType", r.finding() == null ? null : r.finding().type);
      if (r.action().memorySizeMb >= 0) n.put("memorySizeMb", r.action().memorySizeMb);
      if (r.action().reservedConcurrency >= 0) {
        n.put("reservedConcurrency", r.action().reservedConcurrency);
      }
      n.put("savingsUsd", round(r.savings(), 2));
      n.put("recurring", r.recurring());
      n.put("basis", r.basis());
    }
    return out;
  }

  ArrayNode deadLettersByReason() {
    ArrayNode out = Json.MAPPER.createArrayNode();
    deadLetters.stream()
        .collect(Collectors.groupingBy(d -> d.reason, TreeMap::new, Collectors.toList()))
        .forEach(
            (reason, list) -> {
              ObjectNode n = out.addObject();
              n.put("reason", reason);
              n.put("count", list.size());
              n.put(
                  "streams",
                  list.stream()
                      .map(d -> d.stream)
                      .distinct()
                      .sorted()
                      .collect(Collectors.joining(", ")));
              n.put("example", list.get(0).detail);
            });
    return out;
  }

  private static double round(double v, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }
}
