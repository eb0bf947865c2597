package io.vigil.models.detect;

import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.policy.BudgetRule;
import io.vigil.models.settings.DetectorSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * BUDGET_BURN: projects a function's spend (or invocations) to the end of the budget period and
 * fires when the projection exceeds the budget. Month budgets: month-to-date plus the current burn
 * rate (a slow EWMA per bucket) times the rest of the month; days of the month before the function
 * was first seen are estimated at the current rate. Day and hour budgets: the current rate times
 * the period. Without budgets nothing is tracked and nothing fires.
 */
public final class BudgetBurnDetector {
  private static final long HOUR = 3_600_000L;

  private final DetectorSettings cfg;

  public BudgetBurnDetector(DetectorSettings cfg) {
    this.cfg = cfg;
  }

  /** Adds the bucket to {@code s} (resetting it at a new UTC month) and checks every budget. */
  public List<Signal> evaluate(MetricBucket b, BudgetState s, List<BudgetRule> budgets) {
    long month = monthStart(b.bucketStart);
    if (s.monthStart != month) {
      double keepCost = s.costPerBucket;
      double keepInv = s.invocationsPerBucket;
      boolean carry = s.monthStart != 0 && s.lastBucketEnd >= month - HOUR;
      s.monthStart = month;
      s.firstSeen = b.bucketStart;
      s.costUsd = 0;
      s.invocations = 0;
      s.buckets = 0;
      // Across a month boundary the burn rate carries on; only the totals reset.
      s.costPerBucket = carry ? keepCost : 0;
      s.invocationsPerBucket = carry ? keepInv : 0;
      if (carry) s.firstSeen = month;
    }
    s.costUsd += b.estimatedCostUsd;
    s.invocations += b.invocations;
    double a = s.buckets == 0 && s.costPerBucket == 0 ? 1.0 : cfg.budgetAlpha;
    s.costPerBucket += a * (b.estimatedCostUsd - s.costPerBucket);
    s.invocationsPerBucket += a * (b.invocations - s.invocationsPerBucket);
    s.buckets++;
    s.lastBucketEnd = Math.max(s.lastBucketEnd, b.bucketEnd);

    List<Signal> out = new ArrayList<>(1);
    if (budgets.isEmpty() || s.buckets < cfg.budgetWarmupBuckets) return out;
    long bucketMs = Math.max(b.bucketEnd - b.bucketStart, 1);
    long monthEnd = nextMonthStart(month);
    for (BudgetRule r : budgets) {
      boolean cost = "costUsd".equals(r.metric());
      double perBucket = cost ? s.costPerBucket : s.invocationsPerBucket;
      double perHour = perBucket * HOUR / bucketMs;
      double projected;
      String context;
      if ("month".equals(r.period())) {
        double toDate = cost ? s.costUsd : s.invocations;
        double unseen = perHour * Math.max(0, s.firstSeen - month) / HOUR;
        double rest = perHour * Math.max(0, monthEnd - b.bucketEnd) / HOUR;
        projected = toDate + unseen + rest;
        double days = (b.bucketEnd - month) / (24.0 * HOUR);
        context =
            String.format(
                "month-to-date %s after %.1f days%s; %s/hour now",
                amount(toDate + unseen, cost),
                days,
                unseen > 0
                    ? String.format(
                        " (incl. %s estimated for the %.1f days before it was seen)",
                        amount(unseen, cost), (s.firstSeen - month) / (24.0 * HOUR))
                    : "",
                amount(perHour, cost));
      } else {
        double hours = "hour".equals(r.period()) ? 1 : 24;
        projected = perHour * hours;
        context = String.format("at %s/hour now", amount(perHour, cost));
      }
      if (projected <= r.limit()) continue;
      double over = projected / r.limit();
      double impact =
          cost && "month".equals(r.period())
              ? (projected - r.limit()) / Math.max((monthEnd - b.bucketEnd) / (double) HOUR, 1)
              : cost ? (projected - r.limit()) / ("hour".equals(r.period()) ? 1 : 24) : 0;
      out.add(
          new Signal(
              FindingType.BUDGET_BURN,
              "budget-projection",
              Math.max(0, Math.min(1, 0.5 + 0.5 * (over - 1))),
              projected,
              r.limit(),
              (cost ? "USD/" : "invocations/") + r.period(),
              impact,
              null,
              0,
              String.format(
                  "projected %s/%s vs budget %s (%s, from %s; %s)",
                  amount(projected, cost),
                  r.period(),
                  amount(r.limit(), cost),
                  r.name(),
                  r.source(),
                  context)));
    }
    return out;
  }

  /** Whether {@code s} belongs to a month that ended before {@code time} (state can go). */
  public static boolean expired(BudgetState s, long time) {
    return s == null || s.monthStart == 0 || time >= nextMonthStart(s.monthStart);
  }

  public static long monthStart(long epochMs) {
    LocalDate d = Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC).toLocalDate();
    return d.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  public static long nextMonthStart(long monthStart) {
    LocalDate d = Instant.ofEpochMilli(monthStart).atZone(ZoneOffset.UTC).toLocalDate();
    return d.withDayOfMonth(1)
        .plusMonths(1)
        .atStartOfDay(ZoneOffset.UTC)
        .toInstant()
        .toEpochMilli();
  }

  private static String amount(double v, boolean usd) {
    if (!usd) return v >= 1e6 ? String.format("%.2fM", v / 1e6) : String.format("%.0f", v);
    return v >= 100 ? String.format("$%.0f", v) : String.format("$%.2f", v);
  }
}
