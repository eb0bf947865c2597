package io.vigil.models.policy;

import java.io.Serializable;

/**
 * A spending or volume limit. {@code metric} is {@code costUsd} or {@code invocations}; {@code
 * period} is {@code hour}, {@code day} or {@code month}. {@code source} says where it came from
 * (policy name or manifest file).
 */
public record BudgetRule(String name, String metric, double limit, String period, String source)
    implements Serializable {
  /** The limit expressed per hour (a month counts as 30 days). */
  public double perHour() {
    return switch (period) {
      case "hour" -> limit;
      case "day" -> limit / 24.0;
      default -> limit / (30 * 24.0);
    };
  }
}
