package io.vigil.models.detect;

import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.finding.OpenIncident;
import io.vigil.models.finding.Severity;
import io.vigil.models.settings.DetectorSettings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns per-bucket signals into an incident lifecycle: one open incident per (function, type) that
 * is OPENed once, UPDATEd when it escalates or every few buckets while it lasts, and RESOLVED after
 * a run of normal buckets. Keeps alerting quiet without losing what happened.
 */
public final class IncidentTracker {
  private final DetectorSettings cfg;

  public IncidentTracker(DetectorSettings cfg) {
    this.cfg = cfg;
  }

  /**
   * @param open the function's open incidents by type name; updated in place
   * @return findings to emit for this bucket
   */
  public List<Finding> onBucket(
      MetricBucket b, List<Signal> signals, Map<String, OpenIncident> open) {
    List<Finding> out = new ArrayList<>();
    Map<FindingType, Signal> byType = new EnumMap<>(FindingType.class);
    for (Signal s : signals) byType.merge(s.type(), s, (x, y) -> x.score() >= y.score() ? x : y);

    for (Signal s : byType.values()) {
      OpenIncident inc = open.get(s.type().name());
      Severity sev = severity(s);
      boolean emitted = true;
      if (inc == null) {
        inc = new OpenIncident();
        inc.type = s.type().name();
        inc.openedAt = b.bucketStart;
        inc.incidentId = Finding.stableId("incident", b.functionKey, s.type(), b.bucketStart);
        inc.severity = sev.name();
        inc.peakScore = s.score();
        open.put(inc.type, inc);
        out.add(finding(b, s, inc, "OPEN", sev));
        inc.bucketsSinceEmit = 0;
      } else {
        inc.normalStreak = 0;
        inc.bucketsSinceEmit++;
        boolean escalated = sev.ordinal() > Severity.valueOf(inc.severity).ordinal();
        boolean due =
            recommendation(s.type())
                ? materialChange(inc.lastObserved, s.observed())
                : escalated || inc.bucketsSinceEmit >= cfg.updateEveryBuckets;
        emitted = due;
        if (due) {
          inc.severity = escalated ? sev.name() : inc.severity;
          out.add(finding(b, s, inc, "UPDATE", Severity.valueOf(inc.severity)));
          inc.bucketsSinceEmit = 0;
        }
        inc.peakScore = Math.max(inc.peakScore, s.score());
      }
      if (!recommendation(s.type()) || emitted) { // advice compares with what was last said
        inc.lastObserved = s.observed();
        inc.lastExpected = s.expected();
      }
      inc.unit = s.unit();
      inc.lastEmittedBucket = b.bucketStart;
    }

    // Incidents with no signal this bucket move towards resolution.
    List<String> resolved = new ArrayList<>();
    for (Map.Entry<String, OpenIncident> e : open.entrySet()) {
      if (byType.containsKey(FindingType.valueOf(e.getKey()))) continue;
      OpenIncident inc = e.getValue();
      inc.normalStreak++;
      if (inc.normalStreak >= resolveAfter(FindingType.valueOf(e.getKey()))) {
        out.add(resolvedFinding(b, inc));
        resolved.add(e.getKey());
      }
    }
    resolved.forEach(open::remove);
    return out;
  }

  /**
   * Recommendations (right-sizing) are signalled every bucket while they hold: they are withdrawn
   * (RESOLVED) as soon as the family stops advising (configuration changed), and updated only when
   * the advice changes materially.
   */
  private int resolveAfter(FindingType type) {
    return recommendation(type) ? 1 : cfg.resolveAfterBuckets;
  }

  public static boolean recommendation(FindingType type) {
    return type == FindingType.MEMORY_OVERPROVISIONED || type == FindingType.TIMEOUT_MISCONFIGURED;
  }

  /** The advised value moved by 10% or more. */
  static boolean materialChange(double before, double now) {
    return Math.abs(now - before) >= 0.1 * Math.max(Math.abs(before), 1e-9);
  }

  /** Severity from score, cost impact and what is at stake (security findings rank higher). */
  public static Severity severity(Signal s) {
    boolean security =
        switch (s.type()) {
          case CRYPTO_MINING, EGRESS_EXFILTRATION -> true;
          default -> false;
        };
    double impact = s.impactUsdPerHour();
    if ((security && s.score() >= 0.8) || impact >= 50) return Severity.CRITICAL;
    if (security || s.score() >= 0.85 || impact >= 5) return Severity.HIGH;
    if (s.score() >= 0.6 || impact >= 0.5) return Severity.MEDIUM;
    return Severity.LOW;
  }

  private static Finding finding(
      MetricBucket b, Signal s, OpenIncident inc, String status, Severity sev) {
    Finding f = base(b, inc, status);
    f.severity = sev.name();
    f.detector = s.detector();
    f.score = s.score();
    f.observed = s.observed();
    f.expected = s.expected();
    f.unit = s.unit();
    f.impactUsdPerHour = Math.max(0, s.impactUsdPerHour());
    f.destinationIp = s.destinationIp();
    f.destinationPort = s.destinationPort();
    f.explanation = s.explanation();
    return f;
  }

  private static Finding resolvedFinding(MetricBucket b, OpenIncident inc) {
    Finding f = base(b, inc, "RESOLVED");
    f.severity = Severity.LOW.name();
    f.detector = "lifecycle";
    f.score = 0;
    f.observed = inc.lastObserved;
    f.expected = inc.lastExpected;
    f.unit = inc.unit;
    f.explanation =
        String.format(
            "back to baseline after %d min (peak score %.2f, last %.1f vs. %.1f %s)",
            (b.bucketEnd - inc.openedAt) / 60_000,
            inc.peakScore,
            inc.lastObserved,
            inc.lastExpected,
            inc.unit);
    return f;
  }

  private static Finding base(MetricBucket b, OpenIncident inc, String status) {
    Finding f = new Finding();
    f.incidentId = inc.incidentId;
    f.id = Finding.stableId(inc.incidentId, status, b.bucketStart);
    f.functionKey = b.functionKey;
    f.accountId = b.accountId;
    f.region = b.region;
    f.functionName = b.functionName;
    f.type = inc.type;
    f.status = status;
    f.windowStart = b.bucketStart;
    f.windowEnd = b.bucketEnd;
    return f;
  }
}
