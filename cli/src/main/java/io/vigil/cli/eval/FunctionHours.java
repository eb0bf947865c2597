package io.vigil.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Function-hours observed in a run: one bucket length per distinct (function, bucket) written. */
public final class FunctionHours {
  private FunctionHours() {}

  /** From {@code metrics.jsonl}, or the job's {@code metrics/} sink folder beside it. */
  public static double fromMetrics(Path metrics, long bucketMs) throws IOException {
    Set<String> seen = new HashSet<>();
    for (String line : IncidentScore.outputLines(metrics)) {
      if (line.isBlank()) continue;
      JsonNode n = Json.MAPPER.readTree(line);
      seen.add(n.path("functionKey").asText() + "@" + n.path("bucketStart").asLong());
    }
    return seen.size() * (double) bucketMs / 3_600_000.0;
  }
}
