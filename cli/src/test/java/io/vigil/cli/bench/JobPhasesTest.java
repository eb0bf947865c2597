package io.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's split of a job's wall time, from REST answers shaped like Flink 1.20's. */
class JobPhasesTest {
  private static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  private static final String JOB =
      """
      {"timestamps": {"CREATED": 900, "RUNNING": 1000, "FINISHED": 5200}}
      """;

  /** The replay source's chain and a keyed operator that started running last. */
  private static List<JsonNode> subtaskTimes() throws Exception {
    return List.of(
        json(
            """
            {"name": "Source: Replay recorded Kinesis records -> Decode AWS records (pool)",
             "subtasks": [{"timestamps": {"DEPLOYING": 1050, "RUNNING": 1150, "FINISHED": 5000}}]}
            """),
        json(
            """
            {"name": "Source: No policy folder -> Parse policies -> control",
             "subtasks": [{"timestamps": {"RUNNING": 1100, "FINISHED": 2100}}]}
            """),
        json(
            """
            {"name": "Profile functions (event-time buckets)",
             "subtasks": [{"timestamps": {"RUNNING": 1300, "FINISHED": 5100}},
                          {"timestamps": {"RUNNING": 1450, "FINISHED": 5150}}]}
            """));
  }

  @Test
  void splitsTheRunAtTheLastTaskRunningAndTheReplaySourcesEnd() throws Exception {
    JsonNode checkpoints =
        json(
            """
            {"history": [
              {"id": 4, "status": "COMPLETED", "end_to_end_duration": 120},
              {"id": 3, "status": "FAILED", "end_to_end_duration": 9000},
              {"id": 2, "status": "COMPLETED", "end_to_end_duration": 240},
              {"id": 1, "status": "COMPLETED", "end_to_end_duration": 180}]}
            """);
    JobPhases.Phases p = JobPhases.phases(json(JOB), subtaskTimes(), checkpoints);
    // running at 1000, last task running at 1450, the replay source done at 5000, job at 5200;
    // the policy source's early end is not the sources' end
    assertThat(p.deploySeconds()).isCloseTo(0.45, within(1e-9));
    assertThat(p.sourceSeconds()).isCloseTo(3.55, within(1e-9));
    assertThat(p.endSeconds()).isCloseTo(0.2, within(1e-9));
    assertThat(p.checkpointMillis()).containsExactly(120L, 240L, 180L);
    assertThat(p.format())
        .isEqualTo(
            "deployment 0.45 s (job running to every task running), sources 3.55 s, end 0.20 s"
                + " (replay source finished to job finished); 3 checkpoints, 120-240 ms end to"
                + " end (median 180)");
  }

  @Test
  void aJobWithoutTheReplaySourcesEndHasNoPhases() throws Exception {
    JsonNode running = json("{\"timestamps\": {\"RUNNING\": 1000}}");
    assertThat(JobPhases.phases(running, subtaskTimes(), json("{}")))
        .isEqualTo(JobPhases.Phases.NONE);
    assertThat(JobPhases.Phases.NONE.format()).isEqualTo("n/a");
    JobPhases.Phases noCheckpoint = JobPhases.phases(json(JOB), subtaskTimes(), json("{}"));
    assertThat(noCheckpoint.format()).endsWith("; no checkpoint completed");
  }
}
