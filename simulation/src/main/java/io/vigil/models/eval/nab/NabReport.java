package io.vigil.models.eval.nab;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * NAB results of one detector.
 *
 * @param detector detector name
 * @param results per profile: threshold and scores
 */
public record NabReport(String detector, Map<NabScorer.Profile, ProfileResult> results) {

  public NabReport {
    results = Map.copyOf(new EnumMap<>(results));
  }

  /**
   * @param threshold chosen corpus-wide threshold (detections are scores {@code >=} it)
   * @param rawScore summed raw score S
   * @param normalizedScore 100 * (S - S_null) / (S_perfect - S_null)
   * @param truePositives windows with a detection
   * @param falsePositives detections outside windows
   * @param falseNegatives windows without a detection
   */
  public record ProfileResult(
      double threshold,
      double rawScore,
      double normalizedScore,
      int truePositives,
      int falsePositives,
      int falseNegatives) {}

  public double normalized(NabScorer.Profile profile) {
    return results.get(profile).normalizedScore();
  }

  /** One line per profile. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-44s", detector));
    for (NabScorer.Profile p : NabScorer.Profile.values()) {
      ProfileResult r = results.get(p);
      sb.append(
          String.format(
              Locale.ROOT,
              " | %s %6.1f (thr %.4f, TP %d FP %d FN %d)",
              p.id(),
              r.normalizedScore(),
              r.threshold(),
              r.truePositives(),
              r.falsePositives(),
              r.falseNegatives()));
    }
    return sb.toString();
  }
}
