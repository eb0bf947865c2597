package io.vigil.models.detect;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Combines member detectors. {@link Mode#MAX} takes the highest member score, {@link Mode#WEIGHTED}
 * the weighted mean. The expected value and explanation come from the member with the highest
 * (weighted) contribution.
 */
public final class EnsembleDetector implements SeriesDetector, Serializable {

  private static final long serialVersionUID = 1L;

  /** How member scores combine. */
  public enum Mode {
    MAX,
    WEIGHTED
  }

  private final List<SeriesDetector> members;
  private final double[] weights;
  private final Mode mode;

  public EnsembleDetector(Mode mode, List<SeriesDetector> members, double[] weights) {
    this.mode = Objects.requireNonNull(mode);
    this.members = List.copyOf(members);
    if (this.members.isEmpty()) {
      throw new IllegalArgumentException("no members");
    }
    if (weights == null) {
      weights = new double[this.members.size()];
      java.util.Arrays.fill(weights, 1.0);
    }
    if (weights.length != this.members.size()) {
      throw new IllegalArgumentException("one weight per member");
    }
    this.weights = weights.clone();
  }

  /** Max of the members' scores. */
  public static EnsembleDetector max(SeriesDetector... members) {
    return new EnsembleDetector(Mode.MAX, List.of(members), null);
  }

  @Override
  public String name() {
    StringBuilder sb = new StringBuilder(mode == Mode.MAX ? "max(" : "wmean(");
    for (int i = 0; i < members.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(members.get(i).name());
    }
    return sb.append(')').toString();
  }

  @Override
  public AnomalyScore update(long timestampMs, double value) {
    AnomalyScore best = null;
    double bestContribution = -1;
    double sum = 0;
    double wsum = 0;
    double max = 0;
    for (int i = 0; i < members.size(); i++) {
      AnomalyScore s = members.get(i).update(timestampMs, value);
      double c = weights[i] * s.score();
      if (c > bestContribution) {
        bestContribution = c;
        best = s;
      }
      sum += c;
      wsum += weights[i];
      max = Math.max(max, mode == Mode.MAX ? Math.min(1.0, c) : 0);
    }
    double score = mode == Mode.MAX ? max : (wsum > 0 ? sum / wsum : 0);
    return new AnomalyScore(score, best.expected(), value, best.explanation());
  }
}
