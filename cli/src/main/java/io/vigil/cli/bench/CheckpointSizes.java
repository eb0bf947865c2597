package io.vigil.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state size of a job's largest completed checkpoint from Flink's REST API, in all and per
 * operator chain: which operator holds the bytes per key is what a change to state must move.
 */
final class CheckpointSizes {
  /** One client for every read: a client per request left a selector thread behind each. */
  private static final HttpClient REST = HttpClient.newHttpClient();

  /**
   * A checkpoint's full state size, its bytes per operator chain (short names) and the state
   * backend the job checkpointed with (as Flink names it in the job's checkpoint configuration).
   */
  record Size(long bytes, Map<String, Long> byOperator, String stateBackend) {
    static final Size NONE = new Size(0, Map.of(), "n/a");

    /** "profile 612 KB (40%), detect ..." for the bench output. */
    String format() {
      if (byOperator.isEmpty()) return "n/a";
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, Long> e : byOperator.entrySet()) {
        if (e.getValue() == 0) continue;
        if (sb.length() > 0) sb.append(", ");
        sb.append(
            String.format(
                Locale.ROOT,
                "%s %,d B (%.0f%%)",
                e.getKey(),
                e.getValue(),
                bytes == 0 ? 0 : 100.0 * e.getValue() / bytes));
      }
      return sb.toString();
    }
  }

  /** How long the REST API may serve cached checkpoint statistics (set on the bench cluster). */
  static final long CACHE_MILLIS = 100;

  private CheckpointSizes() {}

  /** The latest completed checkpoint and the completed ones of the history the cluster keeps. */
  static List<JsonNode> completed(JsonNode stats) {
    List<JsonNode> all = new ArrayList<>();
    JsonNode latest = stats.path("latest").path("completed");
    if (latest.has("id")) all.add(latest);
    for (JsonNode c : stats.path("history")) {
      if ("COMPLETED".equals(c.path("status").asText())) all.add(c);
    }
    return all;
  }

  static long bytes(JsonNode checkpoint) {
    return checkpoint.path("state_size").asLong(checkpoint.path("checkpointed_size").asLong());
  }

  /**
   * The largest completed checkpoint of an ended job, with its bytes per operator chain and its
   * state backend ({@link Size#NONE} if none completed or the REST API did not answer). The cluster
   * keeps an ended job's checkpoint statistics (all of them, {@link
   * BenchCluster#CHECKPOINT_HISTORY}), so the bench reads them once, after the job ({@link
   * EndedJob}).
   */
  static Size afterEnd(EndedJob job) {
    if (job == null) return Size.NONE;
    try {
      JsonNode largest =
          completed(job.checkpoints()).stream()
              .max(Comparator.comparingLong(CheckpointSizes::bytes))
              .orElse(null);
      if (largest == null || bytes(largest) == 0) return Size.NONE;
      JsonNode tasks = get(job.base() + "/checkpoints/details/" + largest.path("id").asLong());
      Map<String, Long> byOperator = new LinkedHashMap<>();
      for (JsonNode vertex : job.details().path("vertices")) {
        long size =
            tasks.path("tasks").path(vertex.path("id").asText()).path("state_size").asLong(0);
        byOperator.merge(shortName(vertex.path("name").asText()), size, Long::sum);
      }
      String backend =
          get(job.base() + "/checkpoints/config").path("state_backend").asText("unknown");
      return new Size(bytes(largest), byOperator, backend);
    } catch (Exception e) {
      return Size.NONE; // no figure rather than a failed bench
    }
  }

  /** A chain's first operator, without its description: "Profile functions", "Source: Replay". */
  static String shortName(String chain) {
    String first = chain.split(" -> ", 2)[0];
    int paren = first.indexOf(" (");
    return (paren > 0 ? first.substring(0, paren) : first).trim();
  }

  /** A REST answer as JSON, through the one client. */
  static JsonNode get(String url) throws Exception {
    HttpResponse<String> r =
        REST.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    return Json.MAPPER.readTree(r.body());
  }
}
