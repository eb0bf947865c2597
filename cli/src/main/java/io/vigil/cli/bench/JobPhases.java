package io.vigil.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where an ended job's wall time went, from Flink's REST API: deployment (the job running until its
 * last task runs), the sources' run, the end (the replay source finished until the job finished),
 * and its checkpoints' durations. A bounded bench job pays deployment and end once, a streaming job
 * once per restart: they are what the steady rate leaves out. Read after the job ({@link
 * EndedJob}).
 */
final class JobPhases {
  /** Seconds per phase (NaN where unknown) and the completed checkpoints' durations in ms. */
  record Phases(
      double deploySeconds, double sourceSeconds, double endSeconds, List<Long> checkpointMillis) {
    static final Phases NONE = new Phases(Double.NaN, Double.NaN, Double.NaN, List.of());

    String format() {
      if (Double.isNaN(deploySeconds)) return "n/a";
      return String.format(
          Locale.ROOT,
          "deployment %.2f s (job running to every task running), sources %.2f s, end %.2f s"
              + " (replay source finished to job finished); %s",
          deploySeconds,
          sourceSeconds,
          endSeconds,
          checkpoints());
    }

    private String checkpoints() {
      if (checkpointMillis.isEmpty()) return "no checkpoint completed";
      List<Long> sorted = checkpointMillis.stream().sorted().toList();
      return String.format(
          Locale.ROOT,
          "%d checkpoints, %d-%d ms end to end (median %d)",
          sorted.size(),
          sorted.get(0),
          sorted.get(sorted.size() - 1),
          sorted.get(sorted.size() / 2));
    }
  }

  private JobPhases() {}

  /** The phases of an ended job ({@link Phases#NONE} if the REST API did not tell). */
  static Phases afterEnd(EndedJob job) {
    if (job == null) return Phases.NONE;
    try {
      List<JsonNode> subtaskTimes = new ArrayList<>();
      for (JsonNode vertex : job.details().path("vertices")) {
        subtaskTimes.add(
            CheckpointSizes.get(
                job.base() + "/vertices/" + vertex.path("id").asText() + "/subtasktimes"));
      }
      return phases(job.details(), subtaskTimes, job.checkpoints());
    } catch (Exception e) {
      return Phases.NONE; // no figure rather than a failed bench
    }
  }

  /**
   * The phases from {@code /jobs/:id}, each vertex's {@code subtasktimes} and {@code
   * /jobs/:id/checkpoints}. The replay source is the vertex whose name starts with "Source: Replay"
   * (the policy source ends as soon as it has read its folder).
   */
  static Phases phases(JsonNode job, List<JsonNode> subtaskTimes, JsonNode checkpoints) {
    long running = job.path("timestamps").path("RUNNING").asLong(0);
    long finished = job.path("timestamps").path("FINISHED").asLong(0);
    long lastTaskRunning = 0, sourceFinished = 0;
    for (JsonNode vertex : subtaskTimes) {
      boolean replay = vertex.path("name").asText().startsWith("Source: Replay");
      for (JsonNode subtask : vertex.path("subtasks")) {
        JsonNode at = subtask.path("timestamps");
        lastTaskRunning = Math.max(lastTaskRunning, at.path("RUNNING").asLong(0));
        if (replay) sourceFinished = Math.max(sourceFinished, at.path("FINISHED").asLong(0));
      }
    }
    if (running == 0 || finished == 0 || lastTaskRunning == 0 || sourceFinished == 0) {
      return Phases.NONE;
    }
    List<Long> durations = new ArrayList<>();
    for (JsonNode c : checkpoints.path("history")) {
      if ("COMPLETED".equals(c.path("status").asText())) {
        durations.add(c.path("end_to_end_duration").asLong());
      }
    }
    return new Phases(
        (lastTaskRunning - running) / 1e3,
        (sourceFinished - lastTaskRunning) / 1e3,
        (finished - sourceFinished) / 1e3,
        durations);
  }
}
