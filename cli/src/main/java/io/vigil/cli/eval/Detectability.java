package io.vigil.cli.eval;

import io.vigil.cli.eval.LabelledScore.Outcome;
import io.vigil.cli.eval.LabelledScore.Verdict;
import io.vigil.cli.eval.OracleEvidence.Assessment;
import io.vigil.models.finding.FindingType;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recall against what the data can show: an incident is detectable at the false-alarm budget when
 * its oracle evidence ({@link OracleEvidence}) reaches h, or when its type is not assessed
 * (conservative). Reported next to the recall over all incidents, never instead of it.
 */
public final class Detectability {
  /** Per type: labelled, assessed, detectable, found with the right type among the detectable. */
  public record Counts(int labelled, int assessed, int detectable, int found) {
    Counts plus(Counts o) {
      return new Counts(
          labelled + o.labelled, assessed + o.assessed, detectable + o.detectable, found + o.found);
    }
  }

  private final List<Verdict> verdicts;
  private final Map<Label, Assessment> byLabel = new IdentityHashMap<>();
  private final double h;

  /** Verdicts and assessments of the same label objects; h the detectors' evidence threshold. */
  public Detectability(List<Verdict> verdicts, List<Assessment> assessments, double h) {
    this.verdicts = verdicts;
    this.h = h;
    for (Assessment a : assessments) byLabel.put(a.label(), a);
  }

  private Assessment of(Verdict v) {
    return byLabel.getOrDefault(v.label(), new Assessment(v.label(), OracleEvidence.NOT_ASSESSED));
  }

  public Map<FindingType, Counts> byType() {
    Map<FindingType, Counts> m = new EnumMap<>(FindingType.class);
    for (Verdict v : verdicts) {
      Assessment a = of(v);
      boolean detectable = a.detectable(h);
      Counts c =
          new Counts(
              1,
              a.assessed() ? 1 : 0,
              detectable ? 1 : 0,
              detectable && v.outcome() == Outcome.FOUND ? 1 : 0);
      m.merge(v.label().type(), c, Counts::plus);
    }
    return m;
  }

  public Counts total() {
    return byType().values().stream().reduce(new Counts(0, 0, 0, 0), Counts::plus);
  }

  /** Assessed incidents below h, with their outcome. */
  public List<Verdict> undetectable() {
    return verdicts.stream().filter(v -> !of(v).detectable(h)).toList();
  }

  /** Detectable incidents not found with the right type. */
  public List<Verdict> detectableMissed() {
    return verdicts.stream()
        .filter(v -> of(v).detectable(h) && v.outcome() != Outcome.FOUND)
        .toList();
  }

  public String table() {
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "detectable at the false-alarm budget (oracle CUSUM at the true parameters >= h ="
                    + " %.1f; memory and network not assessed, counted detectable):%n"
                    + "%-24s %6s %8s %10s %6s %7s%n",
                h,
                "type",
                "of",
                "assessed",
                "detectable",
                "found",
                "found%"));
    for (Map.Entry<FindingType, Counts> e : byType().entrySet())
      row(sb, e.getKey().name(), e.getValue());
    Counts t = total();
    row(sb, "all", t);
    sb.append(
        String.format(
            Locale.ROOT,
            "detectable recall %.1f%% (%d found with the right type of %d detectable; %d of %d"
                + " incidents below h)%n",
            pct(t.found, t.detectable),
            t.found,
            t.detectable,
            t.labelled - t.detectable,
            t.labelled));
    sb.append("undetectable (oracle evidence < h):\n");
    for (Verdict v : undetectable()) line(sb, v);
    sb.append("detectable but not found with the right type:\n");
    for (Verdict v : detectableMissed()) line(sb, v);
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, Counts c) {
    sb.append(
        String.format(
            Locale.ROOT,
            "%-24s %6d %8d %10d %6d %6.1f%%%n",
            name,
            c.labelled,
            c.assessed,
            c.detectable,
            c.found,
            pct(c.found, c.detectable)));
  }

  private void line(StringBuilder sb, Verdict v) {
    Assessment a = of(v);
    sb.append(
        String.format(
            Locale.ROOT,
            "  %-22s %-30s x%-8.4g evidence %s  %s%s%n",
            v.label().type(),
            v.label().function(),
            v.label().magnitude(),
            a.assessed() ? String.format(Locale.ROOT, "%6.2f", a.evidence()) : "     -",
            v.outcome(),
            v.seen() == null || v.outcome() == Outcome.FOUND ? "" : " (saw " + v.seen() + ")"));
  }

  private static double pct(int a, int b) {
    return b == 0 ? Double.NaN : 100.0 * a / b;
  }
}
