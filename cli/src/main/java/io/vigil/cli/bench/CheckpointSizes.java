package io.vigil.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The state size of a running job's latest completed checkpoint from Flink's REST API, in all and
 * per operator chain: which operator holds the bytes per key is what a change to state must move.
 */
final class CheckpointSizes {
  /** One client for every poll: a client per request left a selector thread behind each. */
  private static final HttpClient REST = HttpClient.newHttpClient();

  /** A checkpoint's full state size and its bytes per operator chain (short names). */
  record Size(long bytes, Map<String, Long> byOperator) {
    static final Size NONE = new Size(0, Map.of());

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

  private CheckpointSizes() {}

  /**
   * Polls one running job: its vertex names once, a checkpoint's details once per new checkpoint
   * (every REST call is work on the measured machine).
   */
  static final class Poller {
    private final String base;
    private Map<String, String> names; // vertex id -> short chain name
    private long lastId = -1;
    private Size largest = Size.NONE;

    Poller(int port, String jobId) {
      this.base = "http://localhost:" + port + "/jobs/" + jobId;
    }

    /** Reads the latest completed checkpoint if it is new; returns the largest seen so far. */
    Size poll() {
      try {
        JsonNode completed = get(base + "/checkpoints").path("latest").path("completed");
        long id = completed.path("id").asLong(-1);
        if (id < 0 || id == lastId) return largest;
        long bytes =
            completed.path("state_size").asLong(completed.path("checkpointed_size").asLong());
        JsonNode tasks = get(base + "/checkpoints/details/" + id).path("tasks");
        Map<String, Long> byOperator = new LinkedHashMap<>();
        for (Map.Entry<String, String> v : names().entrySet()) {
          long size = tasks.path(v.getKey()).path("state_size").asLong(0);
          byOperator.merge(v.getValue(), size, Long::sum);
        }
        lastId = id;
        largest = largest.max(new Size(bytes, byOperator));
      } catch (Exception e) {
        // the job may be finishing; keep the last figure
      }
      return largest;
    }

    /** The largest checkpoint seen so far, without polling. */
    Size largest() {
      return largest;
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
