package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.ReplayRuns.Run;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.SimulationConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decoding on a pool of threads changes no output line: one recording with corrupt records replayed
 * with {@code vigil.decode.threads=1} (the source thread decodes) and with 3 threads at parallelism
 * 2 and a task failure mid-way restored from a checkpoint (records in flight in the pool's operator
 * state), whatever the machine's own default pool is.
 */
class PooledDecodeITCase {
  @TempDir static Path dir;

  @Test
  void thePoolGivesTheSynchronousDecodesLinesAlsoAfterARestore() throws Exception {
    SimulationConfig sim = new SimulationConfig();
    sim.functions = 12;
    sim.corruptEvery = 150;
    Path recording = dir.resolve("recording");
    // Long enough that the failure comes after two checkpoints however fast the machine decodes
    // (150 minutes finished before the third checkpoint on an idle 2-core machine).
    SimulateCommand.writeRecording(new FleetSimulator(sim), 300, recording);

    Run pooledRun = new Run("pooled", 2, 3, 2);
    Map<String, List<String>> sync = ReplayRuns.replay(recording, dir, new Run("sync", 1, 1, 0));
    Map<String, List<String>> pooled = ReplayRuns.replay(recording, dir, pooledRun);

    assertThat(ReplayRuns.committedBeforeFailure(dir, pooledRun))
        .isPositive()
        .isLessThan(sync.get("metrics").size());
    assertThat(sync.get("findings")).isNotEmpty();
    assertThat(sync.get("dead-letters")).isNotEmpty();
    for (String output : ReplayRuns.OUTPUTS) {
      assertThat(pooled.get(output)).as(output).isEqualTo(sync.get(output));
    }
  }
}
