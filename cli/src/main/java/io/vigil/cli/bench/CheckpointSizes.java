package io.vigil.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state size of a job's largest completed checkpoint from Flink's REST API, in all and per
 * operator chain: which operator holds the bytes per key is what a change to state must move.
 */
final class CheckpointSizes {
  /** One client for every poll: a client per request left a selector thread behind each. */
  private static final HttpClient REST = HttpClient.newHttpClient();

  /**
   * A checkpoint's full state size, its bytes per operator chain (short names) and the state
   * backend the job checkpointed with (as Flink names it in the job's checkpoint configuration).
   */
  record Size(long bytes, Map<String, Long> byOperator, String stateBackend) {
    static final Size NONE = new Size(0, Map.of(), "n/a");

    /** The larger of two checkpoints (the bench reports the largest it saw). */
    Size max(Size other) {
      return other.bytes > bytes ? other : this;
    }

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
   * Polls one job: its vertex names once, a checkpoint's details only for a new largest one. The
   * bench polls once, after the job ended ({@link #pollFinished}), so no REST call is work on the
   * machine while the measured job runs.
   */
  static final class Poller {
    private final String base;
    private Map<String, String> names; // vertex id -> short chain name
    private String stateBackend;
    private Size largest = Size.NONE;

    Poller(int port, String jobId) {
      this.base = "http://localhost:" + port + "/jobs/" + jobId;
    }

    /**
     * Reads the completed checkpoints in the job's statistics (the latest and the recent history)
     * and the details of the largest if it is larger than any seen; returns the largest so far.
     */
    Size poll() {
      try {
        JsonNode stats = get(base + "/checkpoints");
        JsonNode largestNew = null;
        for (JsonNode c : completed(stats)) {
          long bytes = bytes(c);
          if (bytes > largest.bytes && (largestNew == null || bytes > bytes(largestNew))) {
            largestNew = c;
          }
        }
        if (largestNew == null) return largest;
        JsonNode tasks = get(base + "/checkpoints/details/" + largestNew.path("id").asLong());
        Map<String, Long> byOperator = new LinkedHashMap<>();
        for (Map.Entry<String, String> v : names().entrySet()) {
          long size = tasks.path("tasks").path(v.getKey()).path("state_size").asLong(0);
          byOperator.merge(v.getValue(), size, Long::sum);
        }
        largest = largest.max(new Size(bytes(largestNew), byOperator, stateBackend()));
      } catch (Exception e) {
        // the job may be finishing; keep the last figure
      }
      return largest;
    }

    /**
     * The poll after the job ended: the cluster keeps an ended job's checkpoint statistics (all of
     * them, {@link BenchCluster#CHECKPOINT_HISTORY}). Waits out the REST API's statistics cache
     * first.
     */
    Size pollFinished() throws InterruptedException {
      Thread.sleep(CACHE_MILLIS + 50);
      return poll();
    }

    /** The largest checkpoint seen so far, without polling. */
    Size largest() {
      return largest;
    }

    private String stateBackend() throws Exception {
      if (stateBackend == null) {
        stateBackend = get(base + "/checkpoints/config").path("state_backend").asText("unknown");
      }
      return stateBackend;
    }

    private Map<String, String> names() throws Exception {
      if (names == null) {
        Map<String, String> read = new LinkedHashMap<>();
        for (JsonNode vertex : get(base).path("vertices")) {
          read.put(vertex.path("id").asText(), shortName(vertex.path("name").asText()));
        }
        names = read;
      }
      return names;
    }
  }

  /** A chain's first operator, without its description: "Profile functions", "Source: Replay". */
  static String shortName(String chain) {
    String first = chain.split(" -> ", 2)[0];
    int paren = first.indexOf(" (");
    return (paren > 0 ? first.substring(0, paren) : first).trim();
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> r =
        REST.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    return Json.MAPPER.readTree(r.body());
  }
}
