package io.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench's per-operator checkpoint breakdown: chain names, the candidates, the line. */
class CheckpointSizesTest {
  @Test
  void aChainIsNamedByItsFirstOperatorWithoutItsDescription() {
    assertThat(CheckpointSizes.shortName("Profile functions (event-time buckets)"))
        .isEqualTo("Profile functions");
    assertThat(
            CheckpointSizes.shortName(
                "Source: Replay recorded Kinesis records -> Decode AWS records (pool) -> Emit"))
        .isEqualTo("Source: Replay recorded Kinesis records");
    assertThat(CheckpointSizes.shortName("Metrics -> metrics.jsonl: Writer")).isEqualTo("Metrics");
  }

  @Test
  void emptyOperatorsAreLeftOutOfTheLine() {
    Map<String, Long> parts = new LinkedHashMap<>();
    parts.put("Profile functions", 300L);
    parts.put("Findings", 0L);
    parts.put("Detect anomalies", 100L);
    CheckpointSizes.Size big = new CheckpointSizes.Size(400, parts, "HashMapStateBackend");
    assertThat(big.format())
        .isEqualTo("Profile functions 300 B (75%), Detect anomalies 100 B (25%)");
    assertThat(CheckpointSizes.Size.NONE.format()).isEqualTo("n/a");
  }

  @Test
  void theLatestAndTheHistorysCompletedCheckpointsAreCandidatesFailedOnesAreNot() throws Exception {
    // Shaped like Flink 1.20's /jobs/:id/checkpoints: after a job ends its latest completed
    // checkpoint is the final one, taken when every task had finished (no state).
    JsonNode stats =
        Json.MAPPER.readTree(
            """
            {"latest": {"completed": {"id": 9, "state_size": 0, "checkpointed_size": 0}},
             "history": [
               {"id": 9, "status": "COMPLETED", "state_size": 0},
               {"id": 8, "status": "FAILED", "state_size": 900},
               {"id": 7, "status": "COMPLETED", "checkpointed_size": 650},
               {"id": 6, "status": "COMPLETED", "state_size": 700}]}
            """);
    assertThat(CheckpointSizes.completed(stats))
        .extracting(c -> c.path("id").asInt(), CheckpointSizes::bytes)
        .containsExactly(tuple(9, 0L), tuple(9, 0L), tuple(7, 650L), tuple(6, 700L));
    assertThat(CheckpointSizes.completed(Json.MAPPER.readTree("{\"latest\": {}}"))).isEmpty();
  }
}
