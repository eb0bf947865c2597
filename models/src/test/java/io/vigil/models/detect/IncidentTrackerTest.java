package io.vigil.models.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.finding.MetricBuckets;
import io.vigil.models.finding.OpenIncident;
import io.vigil.models.finding.Severity;
import io.vigil.models.settings.DetectorSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentTrackerTest {
  private final DetectorSettings cfg = new DetectorSettings();
  private final IncidentTracker tracker = new IncidentTracker(cfg);

  private static MetricBucket bucket(long minute) {
    return MetricBuckets.bucket("a/r/f", minute * MetricBuckets.MINUTE);
  }

  private static Signal errors(double score) {
    return new Signal(
        FindingType.ERROR_STORM,
        "rate-baseline",
        score,
        50,
        1,
        "% errors",
        0,
        null,
        0,
        "50% errors");
  }

  @Test
  void opensOnceUpdatesSparinglyAndResolves() {
    Map<String, OpenIncident> open = new HashMap<>();
    List<Finding> first = tracker.onBucket(bucket(0), List.of(errors(0.7)), open);
    assertThat(first)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.status).isEqualTo("OPEN");
              assertThat(f.severity).isEqualTo("MEDIUM");
              assertThat(f.explanation).isEqualTo("50% errors");
            });
    String incident = first.get(0).incidentId;

    int updates = 0;
    for (int m = 1; m <= 20; m++) {
      for (Finding f : tracker.onBucket(bucket(m), List.of(errors(0.7)), open)) {
        assertThat(f.status).isEqualTo("UPDATE");
        assertThat(f.incidentId).isEqualTo(incident);
        updates++;
      }
    }
    assertThat(updates).isEqualTo(20 / cfg.updateEveryBuckets);

    // Escalation is reported at once.
    List<Finding> escalated = tracker.onBucket(bucket(21), List.of(errors(0.9)), open);
    assertThat(escalated).singleElement().satisfies(f -> assertThat(f.severity).isEqualTo("HIGH"));

    for (int m = 22; m < 22 + cfg.resolveAfterBuckets - 1; m++) {
      assertThat(tracker.onBucket(bucket(m), List.of(), open)).isEmpty();
    }
    List<Finding> resolved =
        tracker.onBucket(bucket(22 + cfg.resolveAfterBuckets - 1), List.of(), open);
    assertThat(resolved)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.status).isEqualTo("RESOLVED");
              assertThat(f.incidentId).isEqualTo(incident);
              assertThat(f.explanation).contains("back to baseline");
            });
    assertThat(open).isEmpty();
  }

  @Test
  void idsAreDeterministic() {
    List<Finding> a = tracker.onBucket(bucket(5), List.of(errors(0.7)), new HashMap<>());
    List<Finding> b = tracker.onBucket(bucket(5), List.of(errors(0.7)), new HashMap<>());
    assertThat(a.get(0).id).isEqualTo(b.get(0).id);
    assertThat(a.get(0).incidentId).isEqualTo(b.get(0).incidentId);
    List<Finding> c = tracker.onBucket(bucket(6), List.of(errors(0.7)), new HashMap<>());
    assertThat(c.get(0).id).isNotEqualTo(a.get(0).id);
  }

  @Test
  void securityFindingsRankHigh() {
    Signal mining =
        new Signal(
            FindingType.CRYPTO_MINING,
            "mining-ports",
            0.95,
            3,
            0,
            "flows",
            0,
            "198.51.100.9",
            3333,
            "x");
    assertThat(IncidentTracker.severity(mining)).isEqualTo(Severity.CRITICAL);
    Signal costly =
        new Signal(FindingType.COST_SPIKE, "cost", 0.55, 1, 1, "USD/hour", 60, null, 0, "x");
    assertThat(IncidentTracker.severity(costly)).isEqualTo(Severity.CRITICAL);
    Signal mild = new Signal(FindingType.INVOCATION_SPIKE, "s", 0.3, 1, 1, "x", 0.01, null, 0, "x");
    assertThat(IncidentTracker.severity(mild)).isEqualTo(Severity.LOW);
  }
}
