package io.vigil.jobs.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Function-hours observed in a run: one bucket length per distinct (function, bucket) written. */
public final class FunctionHours {
  private FunctionHours() {}

  public static double fromMetrics(Path metrics, long bucketMs) throws IOException {
    if (!Files.exists(metrics)) return 0;
    Set<String> seen = new HashSet<>();
    try (BufferedReader in = Files.newBufferedReader(metrics)) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isBlank()) continue;
        JsonNode n = Json.MAPPER.readTree(line);
        seen.add(n.path("functionKey").asText() + "@" + n.path("bucketStart").asLong());
      }
    }
    return seen.size() * (double) bucketMs / 3_600_000.0;
  }
}
