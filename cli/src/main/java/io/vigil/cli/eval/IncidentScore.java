package io.vigil.cli.eval;

import io.vigil.models.Json;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FindingType;
import io.vigil.models.sim.Incident;
import io.vigil.operators.sink.JsonLinesFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Scores findings against the simulator's ground truth. An OPEN finding detects an incident when it
 * names the incident's function and type and opens between one bucket before the incident's start
 * and {@link #GRACE_BUCKETS} after its end. Other OPEN findings on an incident's function during
 * the incident are "related" (the anomaly is real, the type differs); unlabelled recommendations
 * (right-sizing) are counted apart; all remaining OPEN findings are false alarms.
 */
public final class IncidentScore {
  static final int GRACE_BUCKETS = 5;

  /** Per incident: detected or not, and buckets from onset to the first detecting finding. */
  public record Detection(Incident incident, boolean detected, double bucketsToDetect) {}

  public final List<Detection> detections = new ArrayList<>();
  public final List<Finding> falseAlarms = new ArrayList<>();
  public int related;

  /** Unlabelled right-sizing recommendations: counted apart, never false alarms. */
  public int recommendations;

  public int matchedFindings;
  public int openFindings;
  public double functionHours;

  public static IncidentScore score(
      List<Finding> findings,
      List<Incident> incidents,
      long runStartMs,
      long bucketMs,
      double functionHours) {
    IncidentScore s = new IncidentScore();
    s.functionHours = functionHours;
    List<Finding> open = findings.stream().filter(f -> "OPEN".equals(f.status)).toList();
    s.openFindings = open.size();
    for (Incident inc : incidents) {
      long start = start(inc, runStartMs);
      Finding first = null;
      for (Finding f : open) {
        if (matches(f, inc, start, bucketMs) && (first == null || f.windowEnd < first.windowEnd))
          first = f;
      }
      double ttd =
          first == null ? Double.NaN : Math.max(0, (first.windowEnd - start) / (double) bucketMs);
      s.detections.add(new Detection(inc, first != null, ttd));
    }
    for (Finding f : open) {
      boolean matched =
          incidents.stream().anyMatch(i -> matches(f, i, start(i, runStartMs), bucketMs));
      boolean related =
          !matched
              && incidents.stream()
                  .anyMatch(
                      i ->
                          i.function.equals(f.functionName)
                              && within(f, start(i, runStartMs), i.endEpochMs, bucketMs));
      if (matched) s.matchedFindings++;
      else if (related) s.related++;
      else if (Label.recommendation(f.typeKind())) s.recommendations++; // advice, counted apart
      else s.falseAlarms.add(f);
    }
    return s;
  }

  /** Over-provisioning is a standing property: it is true from the first minute of the run. */
  private static long start(Incident i, long runStartMs) {
    return i.type == FindingType.MEMORY_OVERPROVISIONED ? runStartMs : i.startEpochMs;
  }

  private static boolean matches(Finding f, Incident i, long start, long bucketMs) {
    return i.type.name().equals(f.type)
        && i.function.equals(f.functionName)
        && within(f, start, i.endEpochMs, bucketMs);
  }

  private static boolean within(Finding f, long start, long end, long bucketMs) {
    return f.windowStart >= start - bucketMs && f.windowStart <= end + GRACE_BUCKETS * bucketMs;
  }

  /**
   * Findings of a run: {@code file} itself when it is a file, else the committed part files of the
   * job's output folder of that name ({@code out/findings.jsonl} reads {@code
   * out/findings/*.jsonl}).
   */
  public static List<Finding> readFindings(Path file) throws IOException {
    List<Finding> out = new ArrayList<>();
    for (String line : outputLines(file)) {
      if (!line.isBlank()) out.add(Json.read(line, Finding.class));
    }
    return out;
  }

  /** Lines of a JSONL file, or of the job's sink folder named like it (without ".jsonl"). */
  static List<String> outputLines(Path file) throws IOException {
    if (Files.isRegularFile(file)) return Files.readAllLines(file);
    String name = file.getFileName().toString().replaceFirst("\\.jsonl$", "");
    Path dir = file.toAbsolutePath().getParent();
    return JsonLinesFiles.lines(dir, name);
  }

  public double falseAlarmsPer1000FunctionHours() {
    return falseAlarms.size() * 1000.0 / functionHours;
  }

  public double recall() {
    return detections.isEmpty()
        ? 0
        : detections.stream().filter(Detection::detected).count() / (double) detections.size();
  }

  /** Share of OPEN findings that are the injected incidents or related to them. */
  public double precision() {
    return openFindings == 0 ? 1 : (matchedFindings + related) / (double) openFindings;
  }

  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%-24s %-28s %-9s %s%n", "type", "function", "detected", "buckets to detect"));
    Map<FindingType, Integer> byType = new EnumMap<>(FindingType.class);
    for (Detection d : detections) {
      byType.merge(d.incident().type, 1, Integer::sum);
      sb.append(
          String.format(
              "%-24s %-28s %-9s %s%n",
              d.incident().type,
              d.incident().function,
              d.detected() ? "yes" : "NO",
              d.detected() ? String.format("%.0f", d.bucketsToDetect()) : "-"));
    }
    double median = medianBucketsToDetect();
    sb.append(
        String.format(
            "recall %.0f%% (%d/%d)  precision %.0f%% (%d matched + %d related of %d opened)%n"
                + "median time-to-detect %.1f buckets  false alarms %d = %.2f per 1,000 function-hours (%.0f function-hours)%n",
            recall() * 100,
            detections.stream().filter(Detection::detected).count(),
            detections.size(),
            precision() * 100,
            matchedFindings,
            related,
            openFindings,
            median,
            falseAlarms.size(),
            falseAlarmsPer1000FunctionHours(),
            functionHours));
    for (Finding f : falseAlarms) sb.append("  false alarm: ").append(f.toLine()).append('\n');
    return sb.toString();
  }

  public double medianBucketsToDetect() {
    double[] ttd =
        detections.stream()
            .filter(Detection::detected)
            .mapToDouble(Detection::bucketsToDetect)
            .sorted()
            .toArray();
    return LabelledScore.quantile(ttd, 0.5); // the midpoint of the two middle values when even
  }
}
