package io.vigil.models.detect.family;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.detect.IncidentTracker;
import io.vigil.models.detect.Signal;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.FunctionConfig;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.finding.OpenIncident;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Timed-out invocations report a whole timeout after they started: the timeout storm test counts
 * them against the invocations that started with them, and timeout right-sizing advises a timeout
 * from the longest normal duration.
 */
class TimeoutFamiliesTest {
  private static final int FIFTEEN_MIN = 900_000;

  @Test
  void hungInvocationsReportingAfterTrafficStopsAreNotAStorm() {
    // A busy function with a 15-minute timeout: its base rate of hung invocations keeps reporting
    // for 15 minutes after its traffic stops, "1 of 1 timed out" in each of those buckets.
    int alarms = 0;
    for (long seed = 300; seed < 310; seed++) {
      SyntheticFunction f = new SyntheticFunction(600, seed);
      f.peakTrough = 1;
      f.timeoutMs = FIFTEEN_MIN;
      f.timeoutRate = 0.0005;
      f.emitEmptyBuckets = false;
      f.run(600);
      f.rateFactor = 0;
      alarms += SyntheticFunction.count(f.run(20), FindingType.TIMEOUT_STORM);
    }
    assertThat(alarms).isZero();
  }

  @Test
  void theTimeoutIsLearntFromATimedOutInvocationAndTrialsLagByIt() {
    SyntheticFunction f = new SyntheticFunction(10, 301);
    f.peakTrough = 1;
    f.timeoutMs = 5 * 60_000;
    f.timeoutRate = 0.01;
    f.run(300);
    assertThat(f.state.timeoutMs).isEqualTo(5 * 60_000);
    // Traffic stopped 5 buckets ago: this bucket's 2 timeouts started with the 10 then.
    MetricBucket b = new MetricBucket();
    b.bucketStart = f.minute * SyntheticFunction.MINUTE;
    b.bucketEnd = b.bucketStart + SyntheticFunction.MINUTE;
    b.invocations = 2;
    b.timeouts = 2;
    b.durationMaxMs = 5 * 60_000;
    int[] ring = f.state.recentCounts;
    ring[(int) Math.floorMod(f.state.buckets - 5, (long) ring.length)] = 10;
    BucketContext ctx = new BucketContext(f.cfg, io.vigil.models.profile.PriceTable.defaults());
    ctx.reset(b, f.state.buckets);
    assertThat(ReliabilityFamily.timeoutTrials(b, f.state, ctx)).isEqualTo(12);
  }

  @Test
  void aTimeoutStormWithALongTimeoutIsFoundWhenItsInvocationsReport() {
    int found = 0;
    for (long seed = 320; seed < 330; seed++) {
      SyntheticFunction f = new SyntheticFunction(3, seed);
      f.peakTrough = 1;
      f.timeoutMs = FIFTEEN_MIN;
      f.run(600);
      f.timeoutRate = 0.3;
      // Reported from 15 buckets on; found within 10 buckets of the first report.
      int at = f.bucketsUntil(FindingType.TIMEOUT_STORM, 25);
      if (at > 15 && at <= 25) found++;
    }
    assertThat(found).isGreaterThanOrEqualTo(9);
  }

  @Test
  void aFewTimeoutsAmongFewInvocationsWithALongTimeoutAreNotAStorm() {
    int alarms = 0;
    for (long seed = 340; seed < 350; seed++) {
      SyntheticFunction f = new SyntheticFunction(2, seed);
      f.timeoutMs = FIFTEEN_MIN;
      f.timeoutRate = 0.002;
      alarms += SyntheticFunction.count(f.run(2 * 1440), FindingType.TIMEOUT_STORM);
    }
    assertThat(alarms).isZero();
  }

  private final Map<String, OpenIncident> open = new HashMap<>();

  private List<Finding> advice(SyntheticFunction f, int buckets, Integer configuredS) {
    IncidentTracker tracker = new IncidentTracker(f.cfg);
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < buckets; i++) {
      MetricBucket b = f.next();
      if (configuredS != null) {
        b.config = FunctionConfig.of(b.memorySizeMb, configuredS, null, null, null, null, "test");
      }
      List<Signal> s = f.detectors.evaluate(b, f.state);
      for (Finding x : tracker.onBucket(b, s, open)) {
        if (x.typeKind() == FindingType.TIMEOUT_MISCONFIGURED) out.add(x);
      }
    }
    return out;
  }

  @Test
  void aTimeoutFarAboveTheLongestDurationIsOneLivingRecommendation() {
    SyntheticFunction f = new SyntheticFunction(20, 351);
    f.medianMs = 200;
    f.sigma = 0.4;
    f.timeoutMs = FIFTEEN_MIN;
    List<Finding> fs = advice(f, 2 * 1440, 900);
    assertThat(fs).hasSize(1);
    Finding open = fs.get(0);
    assertThat(open.status).isEqualTo("OPEN");
    assertThat(open.expected).isEqualTo(900);
    // p99.9 of 200 ms x e^(0.4 z) is ~700 ms; the longest of thousands ~1 s; x3 -> 2-5 s.
    assertThat(open.observed).isBetween(2.0, 5.0);
    assertThat(open.explanation).contains("timeout 900 s").contains("hung invocation");
    assertThat(IncidentTracker.recommendation(open.typeKind())).isTrue();

    // A new timeout withdraws it; at 30 s (6-15x the advice) it is advised again.
    fs = advice(f, 300, 30);
    assertThat(fs).extracting(x -> x.status).containsExactly("RESOLVED", "OPEN");
    assertThat(fs.get(1).expected).isEqualTo(30);
  }

  @Test
  void aTimeoutWithHeadroomOrAQuietFunctionGetsNoAdvice() {
    SyntheticFunction f = new SyntheticFunction(20, 352);
    f.medianMs = 200;
    assertThat(advice(f, 1440, 3)).isEmpty(); // 3 s vs. ~1 s longest: fine
    SyntheticFunction quiet = new SyntheticFunction(0.3, 353);
    quiet.medianMs = 200;
    assertThat(advice(quiet, 1440, 900)).isEmpty(); // too few invocations for a p99.9
    SyntheticFunction unknown = new SyntheticFunction(20, 354);
    unknown.timeoutRate = 0;
    assertThat(advice(unknown, 1440, null)).isEmpty(); // no configuration, no timeout seen
  }

  @Test
  void durationsPressingAgainstTheTimeoutAdviseRaisingIt() {
    SyntheticFunction f = new SyntheticFunction(20, 355);
    f.medianMs = 2000;
    f.sigma = 0.5;
    f.timeoutMs = 6000;
    f.timeoutRate = 0.003;
    List<Finding> fs = advice(f, 600, 6);
    assertThat(fs).hasSize(1);
    assertThat(fs.get(0).observed).isGreaterThan(6);
    assertThat(fs.get(0).explanation).contains("raise the timeout");
  }

  @Test
  void theConfiguredTimeoutIsNotFlippedByTheSketchsApproximateMaximum() {
    io.vigil.models.detect.FunctionBaseline s = new io.vigil.models.detect.FunctionBaseline();
    MetricBucket b = new MetricBucket();
    b.config = FunctionConfig.of(512, 900, null, null, null, null, "test");
    ReliabilityFamily.learnTimeout(b, s);
    assertThat(s.timeoutMs).isEqualTo(900_000);
    b.config = null; // the lookup failed for this bucket
    b.timeouts = 1;
    b.durationMaxMs = 892_362; // the sketch's bin for 900 s
    ReliabilityFamily.learnTimeout(b, s);
    assertThat(s.timeoutMs).isEqualTo(900_000);
    b.durationMaxMs = 30_000; // the timeout was lowered
    ReliabilityFamily.learnTimeout(b, s);
    assertThat(s.timeoutMs).isEqualTo(30_000);
  }

  @Test
  void theLongestNormalDurationSkipsTimedOutInvocations() {
    MetricBucket b = new MetricBucket();
    b.invocations = 200;
    b.durationMaxMs = 900_000;
    b.durationP99Ms = 800;
    b.durationP95Ms = 500;
    b.timeouts = 1;
    assertThat(TimeoutRightSizingFamily.longestNormal(b)).isEqualTo(800);
    b.timeouts = 5;
    assertThat(TimeoutRightSizingFamily.longestNormal(b)).isEqualTo(500);
    b.timeouts = 50;
    assertThat(TimeoutRightSizingFamily.longestNormal(b)).isZero();
    b.timeouts = 0;
    assertThat(TimeoutRightSizingFamily.longestNormal(b)).isEqualTo(900_000);
    assertThat(TimeoutRightSizingFamily.advisedSeconds(700)).isEqualTo(3);
    assertThat(TimeoutRightSizingFamily.advisedSeconds(400_000)).isEqualTo(900);
  }
}
