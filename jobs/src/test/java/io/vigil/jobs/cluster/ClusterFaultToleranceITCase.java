package io.vigil.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.jobs.es.FaultProxy;
import io.vigil.jobs.kinesis.KinesisClients;
import io.vigil.jobs.kinesis.KinesisWriter;
import io.vigil.models.Json;
import io.vigil.models.event.StreamKind;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import io.vigil.operators.source.KinesisOptions;
import io.vigil.operators.source.KinesisSources;
import io.vigil.testkit.kinesalite.Kinesalite;
import io.vigil.testkit.search.ForkedNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The job jar on a real multi-process Flink session cluster (separate JobManager and TaskManager
 * JVMs, RocksDB, file checkpoints), reading a simulated fleet from kinesalite (three streams of two
 * shards each) and writing to a real Elasticsearch node. Three runs over the same records must
 * leave exactly the same findings, metric buckets, actions and dead letters in Elasticsearch:
 *
 * <ul>
 *   <li>the baseline: the whole recording put into kinesalite before the job starts (a backlog);
 *   <li>a live feed with its TaskManager killed with SIGKILL mid-stream (restart from the last
 *       checkpoint on a new TaskManager) and then an Elasticsearch outage (every request answered
 *       503 for a while, writes resume);
 *   <li>a live feed stopped with a savepoint at parallelism 1 and resumed at parallelism 2.
 * </ul>
 *
 * <p>Each run ends once its sources have caught up with the streams, with stop-with-savepoint and
 * drain (the final watermark closes every open bucket). That these runs agree although their
 * records are read in different orders and at different speeds is what the event-time watermarks
 * per shard ({@code ShardWatermarks}) are for.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultToleranceITCase {
  static final List<String> KINDS = List.of("findings", "metrics", "actions", "dead-letters");

  /** Generous bound for one run (they take about a minute here). */
  static final Duration RUN_BOUND = Duration.ofMinutes(5);

  static final int FUNCTIONS = 12;
  static final long FLEET_MINUTES = 180;

  /** Fleet minutes in kinesalite before a live run starts. */
  static final long PREFILL_MINUTES = 30;

  /** Fleet seconds per wall second of the live feeds: 150 fleet minutes in about 45 s. */
  static final double CLOCK_FACTOR = 200;

  /** Simulator settings for the metrics test. */
  static final double SIM_CLOCK_FACTOR = 900;

  final HttpClient http = HttpClient.newHttpClient();
  Path work;
  ForkedNode es;
  Kinesalite kinesalite;
  KinesisClient kinesis;
  Path eniMap;
  FlinkProcessCluster cluster;
  String jarId;

  /** Per index kind: "index/id" -> document source, of the undisturbed run. */
  Map<String, Map<String, String>> baseline;

  @BeforeAll
  void start() throws Exception {
    work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "cluster-test-");
    es = startElasticsearch();
    kinesalite = Kinesalite.start();
    kinesis = KinesisClients.create(kinesalite.endpoint(), "us-east-1");
    eniMap = work.resolve("enis.csv");
    Files.writeString(
        eniMap,
        "eni,function\n"
            + fleet().eniToFunction().entrySet().stream()
                .map(e -> e.getKey() + "," + e.getValue())
                .collect(Collectors.joining("\n")));
    cluster = FlinkProcessCluster.start(work.resolve("flink"), 1);
    jarId = cluster.uploadJar(Path.of("target", "vigil-job.jar"));
  }

  /**
   * The forked node, started before the Flink JVMs (on two busy cores its master election can time
   * out when they compete), and once more if it still gives up.
   */
  static ForkedNode startElasticsearch() throws Exception {
    try {
      return ForkedNode.start(ForkedNode.Kind.ELASTICSEARCH);
    } catch (IllegalStateException firstAttempt) {
      System.out.println("Elasticsearch node did not start, retrying once: " + firstAttempt);
      return ForkedNode.start(ForkedNode.Kind.ELASTICSEARCH);
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (cluster != null) cluster.close();
    if (kinesis != null) kinesis.close();
    if (kinesalite != null) kinesalite.close();
    if (es != null) es.close();
  }

  /** The same fleet for every run: fixed seed and start, corrupted records for dead letters. */
  static FleetSimulator fleet() {
    SimulationConfig sim = new SimulationConfig();
    sim.seed = 42;
    sim.functions = FUNCTIONS;
    sim.corruptEvery = 40;
    sim.start = Instant.parse("2026-01-05T00:00:00Z");
    return new FleetSimulator(sim);
  }

  /** The three stream names of one run. */
  static Map<StreamKind, String> streams(String prefix) {
    Map<StreamKind, String> streams = new EnumMap<>(StreamKind.class);
    for (StreamKind k : StreamKind.values()) {
      streams.put(k, prefix + "-" + k.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    return streams;
  }

  /**
   * A run's input: its streams (two shards each) hold the first {@code prefill} fleet minutes; the
   * rest is put by {@link Feed#start} at {@link #CLOCK_FACTOR}.
   */
  final class Feed {
    final Map<StreamKind, String> streams;
    final FleetSimulator fleet = fleet();
    final KinesisWriter writer;
    CompletableFuture<Void> live = CompletableFuture.completedFuture(null);

    Feed(String prefix, long prefill) throws InterruptedException {
      streams = streams(prefix);
      KinesisWriter.createStreams(kinesis, streams.values(), 2);
      writer = new KinesisWriter(kinesis, streams);
      writer.putMinutes(fleet, prefill, 0);
      if (prefill == FLEET_MINUTES) return;
      remaining = FLEET_MINUTES - prefill;
    }

    long remaining;

    void start() {
      live =
          CompletableFuture.runAsync(
              () -> {
                try {
                  writer.putMinutes(fleet, remaining, CLOCK_FACTOR);
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
    }

    long records() throws Exception {
      live.get(RUN_BOUND.toMillis(), TimeUnit.MILLISECONDS);
      return writer.written().values().stream().mapToLong(Long::longValue).sum();
    }
  }

  List<String> args(String prefix, Feed feed, String esUrl) {
    return List.of(
        "--vigil.source",
        "kinesis",
        "--vigil.kinesis.endpoint",
        kinesalite.endpoint(),
        "--vigil.kinesis.credentials",
        "basic",
        "--vigil.kinesis.initial-position",
        "TRIM_HORIZON",
        "--vigil.kinesis.lambda-stream",
        feed.streams.get(StreamKind.LAMBDA_LOGS),
        "--vigil.kinesis.flow-stream",
        feed.streams.get(StreamKind.FLOW_LOGS),
        "--vigil.kinesis.billing-stream",
        feed.streams.get(StreamKind.BILLING),
        "--vigil.flows.eni-map",
        eniMap.toString(),
        "--vigil.checkpoint.interval",
        "1s",
        "--vigil.state.backend",
        "rocksdb",
        "--vigil.output.console",
        "false",
        "--vigil.output.dir",
        work.resolve("out-" + prefix).toString(),
        "--vigil.es.url",
        esUrl,
        "--vigil.es.index-prefix",
        prefix);
  }

  List<String> simulatorArgs(String prefix) {
    return List.of(
        "--vigil.source",
        "simulator",
        "--vigil.sim.seed",
        "42",
        "--vigil.sim.functions",
        String.valueOf(FUNCTIONS),
        "--vigil.sim.minutes",
        "100000",
        "--vigil.sim.clock-factor",
        String.valueOf(SIM_CLOCK_FACTOR),
        "--vigil.checkpoint.interval",
        "1s",
        "--vigil.state.backend",
        "rocksdb",
        "--vigil.output.console",
        "false",
        "--vigil.output.dir",
        work.resolve("out-" + prefix).toString());
  }

  interface Body {
    void run() throws Exception;
  }

  /**
   * Runs the body; on any failure, the JobManager/TaskManager log tails join the message and the
   * jobs still running are cancelled (they would hold the slots of the next test).
   */
  void withLogs(Body body) throws Exception {
    try {
      body.run();
    } catch (Throwable t) {
      AssertionError failure = new AssertionError(t + "\n" + cluster.logTails(), t);
      try {
        for (JsonNode j : cluster.get("/jobs").path("jobs")) {
          if (!List.of("FINISHED", "FAILED", "CANCELED").contains(j.path("status").asText())) {
            cluster.cancel(j.path("id").asText());
          }
        }
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
      throw failure;
    }
  }

  /**
   * Waits until the feed is complete and the job has read all of it (every shard of the three
   * sources reports {@code millisBehindLatest} 0 and the decoder's input stays put for 3 s), then
   * stops it with a drained savepoint: the final watermark closes every open bucket.
   */
  void finish(String job, Feed feed) throws Exception {
    long records = feed.records();
    String decode = cluster.vertexId(job, "Decode AWS records");
    long[] lastIn = {-1};
    FlinkProcessCluster.await(
        "job " + job + " caught up with " + records + " records",
        RUN_BOUND,
        () -> {
          if (!caughtUp(job, feed)) return false;
          long in = sum(cluster.vertexMetrics(job, decode, n -> n.endsWith(".recordsIn")));
          boolean settled = in == lastIn[0];
          lastIn[0] = in;
          if (!settled) Thread.sleep(3000);
          return settled;
        });
    cluster.stopWithSavepoint(job, work.resolve("savepoints"), Duration.ofMinutes(2), true);
    cluster.awaitState(job, Duration.ofMinutes(1), "FINISHED");
  }

  /** Every shard of the three sources reports {@code millisBehindLatest} 0. */
  boolean caughtUp(String job, Feed feed) throws Exception {
    int shards = 0;
    for (StreamKind k : StreamKind.values()) {
      String source = cluster.vertexId(job, KinesisSources.name(k, settingsOf(feed)));
      Map<String, String> behind =
          cluster.vertexMetrics(job, source, n -> n.endsWith(".millisBehindLatest"));
      for (String v : behind.values()) {
        if ((long) Double.parseDouble(v) != 0) return false;
      }
      shards += behind.size();
    }
    return shards == 6;
  }

  /** Mid-stream: the feed is still going or the job has not read all of it yet. */
  void assertMidStream(String job, Feed feed) throws Exception {
    assertThat(!feed.live.isDone() || !caughtUp(job, feed)).as("mid-stream").isTrue();
  }

  static KinesisSources.Settings settingsOf(Feed feed) {
    Configuration conf = new Configuration();
    conf.set(KinesisOptions.LAMBDA_STREAM, feed.streams.get(StreamKind.LAMBDA_LOGS));
    conf.set(KinesisOptions.FLOW_STREAM, feed.streams.get(StreamKind.FLOW_LOGS));
    conf.set(KinesisOptions.BILLING_STREAM, feed.streams.get(StreamKind.BILLING));
    return KinesisOptions.settings(conf);
  }

  @Test
  @Order(1)
  void undisturbedRunOverABacklogIsTheBaseline() throws Exception {
    withLogs(
        () -> {
          Feed feed = new Feed("vigil-a", FLEET_MINUTES);
          String job = cluster.run(jarId, args("vigil-a", feed, es.url()), 2, null);
          finish(job, feed);
          baseline = documents("vigil-a");
          System.out.println(
              "cluster baseline: " + counts(baseline) + " from " + feed.records() + " records");
          assertThat(baseline.get("metrics")).hasSizeGreaterThan(FUNCTIONS * 150);
          assertThat(baseline.get("findings")).isNotEmpty();
          assertThat(baseline.get("actions")).isNotEmpty();
          assertThat(baseline.get("dead-letters")).isNotEmpty();
        });
  }

  @Test
  @Order(2)
  void killedTaskManagerThenElasticsearchOutageLeaveTheOutputUnchanged() throws Exception {
    assertThat(baseline).as("baseline run").isNotNull();
    withLogs(
        () -> {
          FlinkProcessCluster.TaskManager victim =
              cluster.taskManagers().stream()
                  .filter(FlinkProcessCluster.TaskManager::isAlive)
                  .findFirst()
                  .orElseThrow();
          try (FaultProxy proxy = new FaultProxy(es.url())) {
            Feed feed = new Feed("vigil-b", PREFILL_MINUTES);
            String job = cluster.run(jarId, args("vigil-b", feed, proxy.url()), 2, null);
            feed.start();
            cluster.awaitCheckpoints(job, 2, Duration.ofMinutes(2));
            String decode = cluster.vertexId(job, "Decode AWS records");
            assertThat(cluster.taskManagersOf(job, decode)).contains(victim.resourceId);
            assertMidStream(job, feed);

            cluster.killForcibly(victim);
            FlinkProcessCluster.TaskManager replacement = cluster.startTaskManager();
            cluster.awaitRegistered(replacement, Duration.ofMinutes(2));
            FlinkProcessCluster.await(
                "restart from a checkpoint",
                Duration.ofMinutes(2),
                () ->
                    cluster.get("/jobs/" + job + "/checkpoints").at("/latest/restored").isObject()
                        && "RUNNING".equals(cluster.state(job)));

            proxy.outage(true);
            FlinkProcessCluster.await(
                "bulk writes refused during the outage",
                Duration.ofMinutes(1),
                () -> proxy.refusedInOutage() >= 3);
            Thread.sleep(5000);
            proxy.outage(false);
            finish(job, feed);

            JsonNode checkpoints = cluster.get("/jobs/" + job + "/checkpoints");
            assertThat(checkpoints.at("/latest/restored/is_savepoint").asBoolean()).isFalse();
            assertThat(cluster.get("/jobs/" + job + "/exceptions").toString())
                .contains(victim.resourceId);
            System.out.printf(
                "cluster kill run: %d requests refused during the Elasticsearch outage, %d"
                    + " restarts%n",
                proxy.refusedInOutage(), cluster.restarts(job));
            assertSameAsBaseline(documents("vigil-b"));
          }
        });
  }

  @Test
  @Order(3)
  void stopWithSavepointAndRescaleFromOneToTwo() throws Exception {
    assertThat(baseline).as("baseline run").isNotNull();
    withLogs(
        () -> {
          Feed feed = new Feed("vigil-c", PREFILL_MINUTES);
          List<String> args = args("vigil-c", feed, es.url());
          String first = cluster.run(jarId, args, 1, null);
          feed.start();
          cluster.awaitCheckpoints(first, 3, Duration.ofMinutes(2));
          assertMidStream(first, feed);
          String savepoint =
              cluster.stopWithSavepoint(first, work.resolve("savepoints"), Duration.ofMinutes(2));
          cluster.awaitState(first, Duration.ofMinutes(1), "FINISHED");
          assertThat(documents("vigil-c").get("metrics"))
              .as("stopped mid-stream")
              .hasSizeLessThan(baseline.get("metrics").size());

          String second = cluster.run(jarId, args, 2, savepoint);
          cluster.awaitState(second, Duration.ofMinutes(2), "RUNNING");
          finish(second, feed);
          JsonNode checkpoints = cluster.get("/jobs/" + second + "/checkpoints");
          assertThat(checkpoints.at("/latest/restored/is_savepoint").asBoolean())
              .as("restored from the savepoint: " + checkpoints)
              .isTrue();
          assertThat(cluster.get("/jobs/" + second).path("vertices").toString())
              .contains("\"parallelism\":2");
          assertSameAsBaseline(documents("vigil-c"));
        });
  }

  @Test
  @Order(4)
  void customOperatorMetricsOverTheClusterRestApi() throws Exception {
    withLogs(
        () -> {
          List<String> args = simulatorArgs("vigil-m");
          String job = cluster.run(jarId, args, 2, null);
          try {
            cluster.awaitState(job, Duration.ofMinutes(2), "RUNNING");
            String decode = cluster.vertexId(job, "Decode AWS records");
            String detect = cluster.vertexId(job, "Detect anomalies");
            Map<String, String>[] seen = new Map[2];
            FlinkProcessCluster.await(
                "recordsIn, findings and openIncidents metrics",
                Duration.ofMinutes(2),
                () -> {
                  seen[0] = cluster.vertexMetrics(job, decode, n -> n.endsWith(".recordsIn"));
                  seen[1] =
                      cluster.vertexMetrics(
                          job,
                          detect,
                          n -> n.endsWith(".findings") || n.endsWith(".openIncidents"));
                  return sum(seen[0]) > 0
                      && seen[1].keySet().stream().anyMatch(n -> n.contains("findingType."))
                      && seen[1].keySet().stream().anyMatch(n -> n.endsWith(".openIncidents"));
                });
            System.out.println("cluster metrics: " + seen[0] + " " + seen[1]);
            // The simulator is decoded on one subtask (ordered, reproducible runs); detect runs on
            // two, each reporting its own counters.
            assertThat(seen[0]).hasSize(1);
            assertThat(sum(seen[0])).isPositive();
            long findings =
                seen[1].entrySet().stream()
                    .filter(e -> e.getKey().endsWith(".findings"))
                    .mapToLong(e -> (long) Double.parseDouble(e.getValue()))
                    .sum();
            assertThat(findings).isPositive();
            assertThat(seen[1].keySet().stream().filter(n -> n.endsWith(".openIncidents")))
                .hasSize(2);
          } finally {
            cluster.cancel(job);
            cluster.awaitState(job, Duration.ofMinutes(1), "CANCELED");
          }
        });
  }

  static long sum(Map<String, String> metrics) {
    return metrics.values().stream().mapToLong(v -> (long) Double.parseDouble(v)).sum();
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Every kind: the same documents (index/id set and content, floating-point sums within a relative
   * 1e-9) as the baseline; dead letters without their per-run Kinesis coordinates ({@link
   * #withoutCoordinates}). Metric buckets also: per function, every counted quantity sums to the
   * baseline's (nothing lost or counted twice). All differences are printed before any assertion.
   */
  void assertSameAsBaseline(Map<String, Map<String, String>> run) {
    Map<String, List<String>> differences = new TreeMap<>();
    for (String kind : KINDS) {
      boolean deadLetters = kind.equals("dead-letters");
      Map<String, String> expected =
          deadLetters ? withoutCoordinates(baseline.get(kind)) : baseline.get(kind);
      Map<String, String> actual = deadLetters ? withoutCoordinates(run.get(kind)) : run.get(kind);
      List<String> diffs = new ArrayList<>();
      if (run.get(kind).size() != distinctIds(run.get(kind))) diffs.add("an id in two indices");
      diffs.addAll(contentDiffs(expected, actual));
      expected.keySet().stream()
          .filter(k -> !actual.containsKey(k))
          .forEach(k -> diffs.add("baseline only " + k));
      actual.keySet().stream()
          .filter(k -> !expected.containsKey(k))
          .forEach(k -> diffs.add("run only " + k + " " + actual.get(k)));
      if (kind.equals("metrics")) diffs.addAll(metricTotalDiffs(expected, actual));
      System.out.printf(
          "cluster %s: %d documents (baseline %d), %d differences%n",
          kind, actual.size(), expected.size(), diffs.size());
      diffs.stream().limit(10).forEach(d -> System.out.println("  " + d));
      differences.put(kind, diffs);
    }
    differences.forEach(
        (kind, diffs) ->
            assertThat(diffs).as(kind + " documents that differ from the baseline").isEmpty());
  }

  static final List<String> COUNTS =
      List.of(
          "invocations",
          "errors",
          "timeouts",
          "out_of_memory",
          "throttles",
          "cold_starts",
          "self_invocations",
          "flows",
          "rejected_flows",
          "egress_bytes",
          "ingress_bytes",
          "packets",
          "mining_port_flows");

  static final List<String> AMOUNTS =
      List.of("gb_seconds", "estimated_cost_usd", "billed_cost_usd");

  /**
   * Dead letters keyed by their content without what differs between runs by construction: the
   * sequence number kinesalite gave the record in this run's stream (and the document id and index
   * derived from it) and the arrival-time {@code @timestamp}. Equal content occurring n times gets
   * keys #1..#n, so counts must match too.
   */
  static Map<String, String> withoutCoordinates(Map<String, String> deadLetters) {
    Map<String, String> out = new TreeMap<>();
    for (String source : deadLetters.values()) {
      ObjectNode doc;
      try {
        doc = (ObjectNode) Json.MAPPER.readTree(source);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      doc.remove("@timestamp");
      ((ObjectNode) doc.at("/vigil/dead_letter")).remove("sequence_number");
      String content = doc.toString();
      int n = 1;
      while (out.containsKey(content + " #" + n)) n++;
      out.put(content + " #" + n, content);
    }
    return out;
  }

  /** Per function: every counted quantity and amount summed over its buckets, vs. the baseline. */
  static List<String> metricTotalDiffs(Map<String, String> expected, Map<String, String> actual) {
    Map<String, Map<String, Double>> e = totalsPerFunction(expected);
    Map<String, Map<String, Double>> a = totalsPerFunction(actual);
    List<String> mismatches = new ArrayList<>();
    if (!a.keySet().equals(e.keySet())) mismatches.add("functions " + e.keySet() + " -> " + a);
    e.forEach(
        (fn, totals) ->
            totals.forEach(
                (field, value) -> {
                  Double other = a.getOrDefault(fn, Map.of()).get(field);
                  boolean same =
                      other != null
                          && (COUNTS.contains(field)
                              ? value.doubleValue() == other
                              : Math.abs(value - other) <= 1e-9 * Math.max(1, Math.abs(value)));
                  if (!same) mismatches.add(fn + " total " + field + ": " + value + " -> " + other);
                }));
    return mismatches;
  }

  static JsonNode metricsOf(String source) {
    try {
      return Json.MAPPER.readTree(source).at("/vigil/metrics");
    } catch (java.io.IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static Map<String, Map<String, Double>> totalsPerFunction(Map<String, String> buckets) {
    Map<String, Map<String, Double>> totals = new TreeMap<>();
    for (String source : buckets.values()) {
      JsonNode doc;
      try {
        doc = Json.MAPPER.readTree(source);
      } catch (java.io.IOException ex) {
        throw new IllegalStateException(ex);
      }
      Map<String, Double> t =
          totals.computeIfAbsent(doc.at("/vigil/function_key").asText(), k -> new TreeMap<>());
      JsonNode m = doc.at("/vigil/metrics");
      for (String field : COUNTS) t.merge(field, (double) m.path(field).asLong(), Double::sum);
      for (String field : AMOUNTS) t.merge(field, m.path(field).asDouble(), Double::sum);
    }
    return totals;
  }

  /** One line per document whose source differs: its key and the differing fields. */
  static List<String> contentDiffs(Map<String, String> expected, Map<String, String> actual) {
    List<String> diffs = new ArrayList<>();
    expected.forEach(
        (key, source) -> {
          String other = actual.get(key);
          if (other == null || other.equals(source)) return;
          Map<String, String> a = flatten(source);
          Map<String, String> b = flatten(other);
          List<String> fields = new ArrayList<>();
          for (String f : new java.util.TreeSet<>(a.keySet())) {
            if (!sameValue(a.get(f), b.get(f))) {
              fields.add(f + ": " + a.get(f) + " -> " + b.get(f));
            }
          }
          for (String f : b.keySet())
            if (!a.containsKey(f)) fields.add(f + ": (none) -> " + b.get(f));
          if (!fields.isEmpty()) diffs.add(key + " " + fields);
        });
    return diffs;
  }

  /**
   * Equal JSON values; floating-point numbers within a relative 1e-9 (sums of doubles depend on the
   * order in which the two source subtasks' records interleave at the keyed operators).
   */
  static boolean sameValue(String a, String b) {
    if (a.equals(b)) return true;
    if (b == null || !(a.contains(".") || a.contains("E")) || a.startsWith("\"")) return false;
    try {
      double x = Double.parseDouble(a);
      double y = Double.parseDouble(b);
      return Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static Map<String, String> flatten(String json) {
    Map<String, String> out = new TreeMap<>();
    try {
      flatten("", Json.MAPPER.readTree(json), out);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  static void flatten(String path, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> flatten(path + "/" + e.getKey(), e.getValue(), out));
    } else {
      out.put(path, node.toString());
    }
  }

  static long distinctIds(Map<String, String> docs) {
    return docs.keySet().stream().map(k -> k.substring(k.indexOf('/') + 1)).distinct().count();
  }

  static Map<String, Integer> counts(Map<String, Map<String, String>> docs) {
    Map<String, Integer> c = new TreeMap<>();
    docs.forEach((k, v) -> c.put(k, v.size()));
    return c;
  }

  /**
   * Every document of the run by kind: "index/id" -> source (index names without the run's prefix),
   * read with the scroll API after a refresh.
   */
  Map<String, Map<String, String>> documents(String prefix) throws Exception {
    send("POST", "/" + prefix + "-*/_refresh?allow_no_indices=true", null);
    Map<String, Map<String, String>> all = new TreeMap<>();
    for (String kind : KINDS) {
      Map<String, String> docs = new TreeMap<>();
      ObjectNode query = Json.MAPPER.createObjectNode();
      query.put("size", 2000);
      query.putArray("sort").add("_doc");
      JsonNode page =
          send("POST", "/" + prefix + "-" + kind + "-*/_search?scroll=1m", query.toString());
      long total = page.at("/hits/total/value").asLong();
      while (page.at("/hits/hits").size() > 0) {
        for (JsonNode hit : page.at("/hits/hits")) {
          String index = hit.path("_index").asText().substring(prefix.length() + 1);
          String key = index + "/" + hit.path("_id").asText();
          assertThat(docs.put(key, hit.path("_source").toString())).as("duplicate " + key).isNull();
        }
        ObjectNode next = Json.MAPPER.createObjectNode();
        next.put("scroll", "1m");
        next.put("scroll_id", page.path("_scroll_id").asText());
        page = send("POST", "/_search/scroll", next.toString());
      }
      assertThat(docs).as(prefix + " " + kind).hasSize((int) total);
      all.put(kind, docs);
    }
    return all;
  }

  JsonNode send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(es.url() + path));
    b.header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body());
  }
}
