package io.vigil.models.detect.family;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.detect.IncidentTracker;
import io.vigil.models.detect.Signal;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.finding.OpenIncident;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RightSizingFamilyTest {
  /** Runs buckets through detectors and tracker; returns the right-sizing findings. */
  private final Map<String, OpenIncident> open = new HashMap<>();

  private List<Finding> lifecycle(SyntheticFunction f, int buckets) {
    IncidentTracker tracker = new IncidentTracker(f.cfg);
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < buckets; i++) {
      MetricBucket b = f.next();
      List<Signal> s = f.detectors.evaluate(b, f.state);
      for (Finding x : tracker.onBucket(b, s, open)) {
        if (x.typeKind() == FindingType.MEMORY_OVERPROVISIONED) out.add(x);
      }
    }
    return out;
  }

  @Test
  void oneLivingRecommendationOverTwoDaysWithItsEvidenceAndSaving() {
    SyntheticFunction f = new SyntheticFunction(20, 41);
    f.memoryMb = 3008;
    f.usedMb = 150;
    List<Finding> fs = lifecycle(f, 2 * 1440);
    assertThat(fs).hasSize(1);
    Finding r = fs.get(0);
    assertThat(r.status).isEqualTo("OPEN");
    assertThat(r.windowEnd / SyntheticFunction.MINUTE).isBetween(120L, 130L); // its evidence window
    assertThat(r.explanation).contains("3008 MB").contains("256 MB would do").contains("/month");
    assertThat(r.impactUsdPerHour).isPositive();
  }

  @Test
  void withdrawnWhenTheConfigurationChangesAndNotReopenedForARightSize() {
    SyntheticFunction f = new SyntheticFunction(20, 42);
    f.memoryMb = 3008;
    f.usedMb = 150;
    List<Finding> fs = lifecycle(f, 300);
    f.memoryMb = 256; // the advice was taken
    fs.addAll(lifecycle(f, 600));
    assertThat(fs).extracting(x -> x.status).containsExactly("OPEN", "RESOLVED");
  }

  @Test
  void updatedOnlyWhenTheAdviceChangesMaterially() {
    SyntheticFunction f = new SyntheticFunction(20, 43);
    f.memoryMb = 3008;
    f.usedMb = 150;
    List<Finding> fs = lifecycle(f, 300);
    f.usedMb = 400; // a heavier workload appears: the advice moves from 256 to 576 MB
    fs.addAll(lifecycle(f, 300));
    assertThat(fs).extracting(x -> x.status).containsExactly("OPEN", "UPDATE");
    assertThat(fs.get(1).explanation).contains("576 MB would do");
  }

  @Test
  void aSensiblySizedFunctionGetsNoAdvice() {
    SyntheticFunction f = new SyntheticFunction(20, 44);
    f.memoryMb = 1024;
    f.usedMb = 600;
    assertThat(lifecycle(f, 600)).isEmpty();
  }

  @Test
  void recommendedMemoryRoundsUpTo64MbAndAtLeast128() {
    assertThat(RightSizingFamily.recommendedMemory(150, 1.3)).isEqualTo(256);
    assertThat(RightSizingFamily.recommendedMemory(40, 1.3)).isEqualTo(128);
  }

  @Test
  void aQuietFunctionsWindowIsElapsedTimeNotBusyMinutes() {
    // 1.5 a minute, a quarter of its minutes empty and not emitted: advised after ~2 hours.
    SyntheticFunction f = new SyntheticFunction(1.5, 45);
    f.peakTrough = 1;
    f.emitEmptyBuckets = false;
    f.memoryMb = 3008;
    f.usedMb = 115;
    int at = f.bucketsUntil(FindingType.MEMORY_OVERPROVISIONED, 200);
    assertThat(at).isBetween(1, 150);
    assertThat(f.minute).isBetween(120L, 135L);
  }
}
