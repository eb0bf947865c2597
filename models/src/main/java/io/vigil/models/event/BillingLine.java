package io.vigil.models.event;

import java.util.Objects;

/** One Lambda billing row, from a CUR 2.0 line item or a FOCUS 1.x row, normalised. */
public class BillingLine {
  /** {@code CUR2} or {@code FOCUS}. */
  public String source;

  public String lineItemId;
  public String accountId;
  public String region;
  public String functionName;
  public String resourceId;

  /**
   * Normalised usage: REQUEST, GB_SECOND, PROVISIONED_GB_SECOND, PROVISIONED_CONCURRENCY, OTHER.
   */
  public String usageKind;

  /** The usage type as written, e.g. {@code USE1-Lambda-GB-Second-ARM}. */
  public String usageType;

  /** {@code x86_64} or {@code arm64}. */
  public String architecture;

  /** Charge period, epoch ms. */
  public long usageStart;

  public long usageEnd;
  public double usageAmount;
  public double cost;
  public String currency = "USD";

  public BillingLine() {}

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BillingLine b)) return false;
    return usageStart == b.usageStart
        && usageEnd == b.usageEnd
        && Double.compare(usageAmount, b.usageAmount) == 0
        && Double.compare(cost, b.cost) == 0
        && Objects.equals(source, b.source)
        && Objects.equals(lineItemId, b.lineItemId)
        && Objects.equals(accountId, b.accountId)
        && Objects.equals(region, b.region)
        && Objects.equals(functionName, b.functionName)
        && Objects.equals(resourceId, b.resourceId)
        && Objects.equals(usageKind, b.usageKind)
        && Objects.equals(usageType, b.usageType)
        && Objects.equals(architecture, b.architecture)
        && Objects.equals(currency, b.currency);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, lineItemId, resourceId, usageStart);
  }

  @Override
  public String toString() {
    return "BillingLine{"
        + source
        + " "
        + functionName
        + " "
        + usageKind
        + " "
        + usageAmount
        + " $"
        + cost
        + "}";
  }
}
