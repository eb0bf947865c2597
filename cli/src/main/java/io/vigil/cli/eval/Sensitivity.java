package io.vigil.cli.eval;

import io.vigil.cli.eval.LabelledScore.Outcome;
import io.vigil.cli.eval.LabelledScore.Verdict;
import io.vigil.models.finding.FindingType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per incident type, the smallest magnitude m such that at least 95% of the incidents of magnitude
 * >= m were found with the right type: a one-number summary of the sensitivity curve. NaN when no
 * such m exists (fewer than 95% found even at the largest magnitudes).
 */
public final class Sensitivity {
  private Sensitivity() {}

  public static double magnitudeFor95(List<Verdict> verdicts) {
    List<Verdict> v = new ArrayList<>(verdicts);
    v.removeIf(x -> Double.isNaN(x.label().magnitude()));
    v.sort(Comparator.comparingDouble((Verdict x) -> x.label().magnitude()).reversed());
    double best = Double.NaN;
    int found = 0;
    for (int i = 0; i < v.size(); i++) {
      if (v.get(i).outcome() == Outcome.FOUND) found++;
      if (found >= 0.95 * (i + 1)) best = v.get(i).label().magnitude();
    }
    return best;
  }

  public static String table(List<Verdict> verdicts) {
    Map<FindingType, List<Verdict>> byType = new EnumMap<>(FindingType.class);
    for (Verdict v : verdicts)
      byType.computeIfAbsent(v.label().type(), t -> new ArrayList<>()).add(v);
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-24s %5s %5s %12s %s%n",
                "type",
                "found",
                "of",
                "95% found at",
                "missed magnitudes"));
    for (Map.Entry<FindingType, List<Verdict>> e : byType.entrySet()) {
      List<Verdict> list = e.getValue();
      long found = list.stream().filter(v -> v.outcome() == Outcome.FOUND).count();
      StringBuilder missed = new StringBuilder();
      list.stream()
          .filter(v -> v.outcome() != Outcome.FOUND)
          .sorted(Comparator.comparingDouble(v -> v.label().magnitude()))
          .forEach(
              v ->
                  missed.append(
                      String.format(
                          Locale.ROOT,
                          "%.3g%s ",
                          v.label().magnitude(),
                          v.outcome() == Outcome.WRONG_TYPE ? "(" + v.seen() + ")" : "")));
      sb.append(
          String.format(
              Locale.ROOT,
              "%-24s %5d %5d %12.3g %s%n",
              e.getKey(),
              found,
              list.size(),
              magnitudeFor95(list),
              missed.toString().trim()));
    }
    return sb.toString();
  }
}
