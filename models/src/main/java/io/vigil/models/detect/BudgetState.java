package io.vigil.models.detect;

/**
 * What the budget-burn detector remembers about one function (a few numbers): month-to-date cost
 * and invocations since {@link #monthStart} (UTC), and slow EWMAs of cost and invocations per
 * bucket (the current burn rate). A Flink POJO kept in keyed state; reset at the UTC month
 * boundary.
 */
public class BudgetState {
  /** Start of the month being accumulated, epoch ms (UTC); 0 = nothing seen yet. */
  public long monthStart;

  /** Start of the first bucket seen in this month (later than monthStart after a cold start). */
  public long firstSeen;

  /** End of the latest bucket counted. */
  public long lastBucketEnd;

  public double costUsd;
  public long invocations;

  /** EWMA of cost and invocations per bucket, and the buckets behind it this month. */
  public double costPerBucket;

  public double invocationsPerBucket;
  public long buckets;

  public BudgetState() {}
}
