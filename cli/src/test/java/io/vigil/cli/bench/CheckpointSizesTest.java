package io.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench's per-operator checkpoint breakdown: chain names, the larger checkpoint, the line. */
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
  void theLargerCheckpointIsKeptAndEmptyOperatorsAreLeftOutOfTheLine() {
    Map<String, Long> parts = new LinkedHashMap<>();
    parts.put("Profile functions", 300L);
    parts.put("Findings", 0L);
    parts.put("Detect anomalies", 100L);
    CheckpointSizes.Size big = new CheckpointSizes.Size(400, parts);
    CheckpointSizes.Size small = new CheckpointSizes.Size(10, Map.of("Profile functions", 10L));
    assertThat(small.max(big)).isSameAs(big);
    assertThat(big.max(small)).isSameAs(big);
    assertThat(CheckpointSizes.Size.NONE.max(small)).isSameAs(small);
    assertThat(big.format())
        .isEqualTo("Profile functions 300 B (75%), Detect anomalies 100 B (25%)");
    assertThat(CheckpointSizes.Size.NONE.format()).isEqualTo("n/a");
  }
}
