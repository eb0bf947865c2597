package io.vigil.cli.eval;

import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FindingType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores OPEN findings against labelled incidents (issue 10's rules):
 *
 * <ul>
 *   <li>found: an OPEN finding of the label's type on its function with window end in [start - 2
 *       min, end + 10 min]; time-to-detect = that window end - start (at least 0);
 *   <li>wrong type: not found, but an OPEN finding of another type on that function in that span;
 *   <li>late: not found, but an OPEN finding of the right type later than end + 10 min (within 30);
 *   <li>false alarm: an OPEN anomaly finding on a function with no labelled incident within 30 min
 *       of its window end;
 *   <li>recommendations ({@link Label#recommendation}) are counted apart: they are never false
 *       alarms, and labelled ones are found by the same rule.
 * </ul>
 */
public final class LabelledScore {
  static final long BEFORE_MS = 2 * 60_000L;
  static final long AFTER_MS = 10 * 60_000L;
  static final long NEARBY_MS = 30 * 60_000L;

  public enum Outcome {
    FOUND,
    WRONG_TYPE,
    LATE,
    MISSED
  }

  /** One label's verdict; {@code detectMs} is the time to detect when found, else NaN. */
  public record Verdict(Label label, Outcome outcome, double detectMs, String seen) {}

  public final List<Verdict> verdicts = new ArrayList<>();
  public final List<Finding> falseAlarms = new ArrayList<>();

  /** Oracle evidence of the labels, when the ground truth is known (simulated fleets). */
  public final List<OracleEvidence.Assessment> oracle = new ArrayList<>();

  public int recommendations;
  public int openAnomalies;
  public final double functionHours;
  public final long bucketMs;

  private LabelledScore(double functionHours, long bucketMs) {
    this.functionHours = functionHours;
    this.bucketMs = bucketMs;
  }

  /** Several runs scored as one (verdicts and false alarms pooled, function-hours summed). */
  public static LabelledScore combine(List<LabelledScore> parts) {
    double hours = 0;
    long bucket = parts.isEmpty() ? 60_000L : parts.get(0).bucketMs;
    for (LabelledScore p : parts) hours += p.functionHours;
    LabelledScore s = new LabelledScore(hours, bucket);
    for (LabelledScore p : parts) {
      s.verdicts.addAll(p.verdicts);
      s.falseAlarms.addAll(p.falseAlarms);
      s.oracle.addAll(p.oracle);
      s.recommendations += p.recommendations;
      s.openAnomalies += p.openAnomalies;
    }
    return s;
  }

  public static LabelledScore score(
      List<Finding> findings, List<Label> labels, double functionHours, long bucketMs) {
    LabelledScore s = new LabelledScore(functionHours, bucketMs);
    List<Finding> open = findings.stream().filter(f -> "OPEN".equals(f.status)).toList();
    for (Label l : labels) s.verdicts.add(verdict(l, open));
    for (Finding f : open) {
      if (Label.recommendation(f.typeKind())) {
        s.recommendations++;
        continue;
      }
      s.openAnomalies++;
      boolean explained =
          labels.stream()
              .anyMatch(
                  l ->
                      l.function().equals(f.functionName)
                          && f.windowEnd >= l.startMs() - NEARBY_MS
                          && f.windowEnd <= l.endMs() + NEARBY_MS);
      if (!explained) s.falseAlarms.add(f);
    }
    return s;
  }

  private static Verdict verdict(Label l, List<Finding> open) {
    Finding first = null;
    Finding other = null;
    Finding late = null;
    for (Finding f : open) {
      if (!l.function().equals(f.functionName)) continue;
      boolean inSpan =
          f.windowEnd >= l.startMs() - BEFORE_MS && f.windowEnd <= l.endMs() + AFTER_MS;
      boolean sameType = l.type().name().equals(f.type);
      if (inSpan && sameType && (first == null || f.windowEnd < first.windowEnd)) first = f;
      else if (inSpan && !sameType && other == null) other = f;
      else if (sameType
          && f.windowEnd > l.endMs() + AFTER_MS
          && f.windowEnd <= l.endMs() + NEARBY_MS
          && late == null) late = f;
    }
    if (first != null) {
      return new Verdict(
          l, Outcome.FOUND, Math.max(0, first.windowEnd - l.startMs()), first.detector);
    }
    if (other != null) return new Verdict(l, Outcome.WRONG_TYPE, Double.NaN, other.type);
    if (late != null) return new Verdict(l, Outcome.LATE, Double.NaN, late.type);
    return new Verdict(l, Outcome.MISSED, Double.NaN, null);
  }

  public double falseAlarmsPer1000FunctionHours() {
    return functionHours <= 0 ? Double.NaN : falseAlarms.size() * 1000.0 / functionHours;
  }

  public long found() {
    return verdicts.stream().filter(v -> v.outcome() == Outcome.FOUND).count();
  }

  public double recall() {
    return verdicts.isEmpty() ? Double.NaN : found() / (double) verdicts.size();
  }

  /** Found / labelled, per type. */
  public Map<FindingType, int[]> recallByType() {
    Map<FindingType, int[]> m = new EnumMap<>(FindingType.class);
    for (Verdict v : verdicts) {
      int[] c = m.computeIfAbsent(v.label().type(), t -> new int[2]);
      if (v.outcome() == Outcome.FOUND) c[0]++;
      c[1]++;
    }
    return m;
  }

  /**
   * The found incidents a time-to-detect figure covers: the goal (median <= 2 buckets) is
   * on anomalies; loops (found once their growth shows) and right-sizing recommendations (which
   * wait for an evidence window) are stated apart.
   */
  public enum DetectGroup {
    ANOMALIES,
    LOOPS,
    RIGHT_SIZING;

    static DetectGroup of(FindingType t) {
      if (Label.recommendation(t)) return RIGHT_SIZING;
      return t == FindingType.RECURSIVE_LOOP ? LOOPS : ANOMALIES;
    }
  }

  /** Quantile (0..1) of time-to-detect in buckets over the found incidents of {@code group}. */
  public double detectBucketsQuantile(double q, DetectGroup group) {
    double[] t =
        verdicts.stream()
            .filter(v -> v.outcome() == Outcome.FOUND)
            .filter(v -> DetectGroup.of(v.label().type()) == group)
            .mapToDouble(v -> v.detectMs() / bucketMs)
            .sorted()
            .toArray();
    return quantile(t, q);
  }

  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-24s %6s %6s%n", "type", "found", "of"));
    for (Map.Entry<FindingType, int[]> e : recallByType().entrySet()) {
      sb.append(
          String.format(
              Locale.ROOT, "%-24s %6d %6d%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
    }
    long wrong = verdicts.stream().filter(v -> v.outcome() == Outcome.WRONG_TYPE).count();
    long late = verdicts.stream().filter(v -> v.outcome() == Outcome.LATE).count();
    sb.append(
        String.format(
            Locale.ROOT,
            "recall %.1f%% (%d/%d; %d wrong type, %d late)%n"
                + "time-to-detect (buckets) median %.1f p90 %.1f; recursive loops median %.1f;"
                + " right-sizing median %.1f%n"
                + "false alarms %d = %.2f per 1,000 function-hours (%.0f function-hours, %d OPEN"
                + " anomalies)%nrecommendations %d OPEN (counted apart)%n",
            100 * recall(),
            found(),
            verdicts.size(),
            wrong,
            late,
            detectBucketsQuantile(0.5, DetectGroup.ANOMALIES),
            detectBucketsQuantile(0.9, DetectGroup.ANOMALIES),
            detectBucketsQuantile(0.5, DetectGroup.LOOPS),
            detectBucketsQuantile(0.5, DetectGroup.RIGHT_SIZING),
            falseAlarms.size(),
            falseAlarmsPer1000FunctionHours(),
            functionHours,
            openAnomalies,
            recommendations));
    return sb.toString();
  }

  public String details() {
    StringBuilder sb = new StringBuilder();
    for (Verdict v : verdicts) {
      if (v.outcome() != Outcome.FOUND) {
        sb.append(
            String.format(
                Locale.ROOT,
                "  %-10s %-22s %-30s x%s%s%n",
                v.outcome(),
                v.label().type(),
                v.label().function(),
                fmt(v.label().magnitude()),
                v.seen() == null ? "" : " (saw " + v.seen() + ")"));
      }
    }
    for (Finding f : falseAlarms) sb.append("  false alarm: ").append(f.toLine()).append('\n');
    return sb.toString();
  }

  private static String fmt(double d) {
    return Double.isNaN(d) ? "?" : String.format(Locale.ROOT, "%.3g", d);
  }

  static double[] sorted(double[] a) {
    double[] c = a.clone();
    Arrays.sort(c);
    return c;
  }
}
