package io.vigil.operators.detect;

import io.vigil.models.finding.Feedback;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The feedback in broadcast state, summarised per (function name, finding type): false positives
 * suppress findings of that pair until their {@code until} and desensitise it for good; confirmed
 * verdicts are only counted (for evaluation).
 */
final class FeedbackIndex {
  /** False positives whose extra sensitivity stops counting (x1.5 each, at most x3.4). */
  static final int MAX_DESENSITISE = 3;

  static final double DESENSITISE_FACTOR = 1.5;

  static final class Entry {
    int falsePositives;
    int confirmed;
    long suppressUntil = Long.MIN_VALUE;
    final Set<String> incidentIds = new HashSet<>();
  }

  private final Map<String, Entry> byPair = new HashMap<>();

  static String key(String functionName, String type) {
    return functionName + "|" + type;
  }

  /** Key of one verdict in broadcast state: a re-read line replaces itself. */
  static String stateKey(Feedback f) {
    return key(f.functionName, f.type) + "|" + f.incidentId + "|" + f.verdict;
  }

  void add(Feedback f) {
    Entry e = byPair.computeIfAbsent(key(f.functionName, f.type), k -> new Entry());
    if (f.falsePositive()) {
      e.falsePositives++;
      e.suppressUntil = Math.max(e.suppressUntil, f.untilMs);
      e.incidentIds.add(f.incidentId);
    } else {
      e.confirmed++;
    }
  }

  boolean isEmpty() {
    return byPair.isEmpty();
  }

  /**
   * Least score a signal of this pair needs: 0.5 normally (a z-score detector's score is 0.5 at its
   * zThreshold); after n false positives the score at zThreshold x 1.5^n.
   */
  double scoreFloor(String functionName, String type) {
    Entry e = byPair.get(key(functionName, type));
    if (e == null || e.falsePositives == 0) return 0;
    double factor = Math.pow(DESENSITISE_FACTOR, Math.min(e.falsePositives, MAX_DESENSITISE));
    return 1 - Math.pow(2, -factor);
  }

  /**
   * Whether a finding of an incident is suppressed: the incident was itself marked a false
   * positive, or it opened before the pair's suppression ends (its whole lifecycle is then
   * suppressed, so no UPDATE or RESOLVED appears without its OPEN).
   */
  boolean suppresses(String functionName, String type, String incidentId, long openedAt) {
    Entry e = byPair.get(key(functionName, type));
    if (e == null || e.falsePositives == 0) return false;
    return e.incidentIds.contains(incidentId) || openedAt < e.suppressUntil;
  }
}
