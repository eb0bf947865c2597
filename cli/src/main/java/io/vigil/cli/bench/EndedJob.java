package io.vigil.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An ended job's REST answers that both {@link CheckpointSizes} and {@link JobPhases} read: its
 * details ({@code /jobs/:id}) and checkpoint statistics ({@code /jobs/:id/checkpoints}), fetched
 * once. Read after the job, so no REST call is work on the machine while the measured job runs.
 */
record EndedJob(String base, JsonNode details, JsonNode checkpoints) {
  /**
   * The answers for {@code jobId}, after waiting out the checkpoint statistics cache ({@link
   * CheckpointSizes#CACHE_MILLIS}); null if the REST API did not answer.
   */
  static EndedJob read(int port, String jobId) throws InterruptedException {
    Thread.sleep(CheckpointSizes.CACHE_MILLIS + 50);
    String base = "http://localhost:" + port + "/jobs/" + jobId;
    try {
      return new EndedJob(
          base, CheckpointSizes.get(base), CheckpointSizes.get(base + "/checkpoints"));
    } catch (Exception e) {
      return null; // no figures rather than a failed bench
    }
  }
}
