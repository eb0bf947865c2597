package io.vigil.models.finding;

/** What a finding is about; each maps to an ECS category and an injected incident type. */
public enum FindingType {
  INVOCATION_SPIKE("cost"),
  RECURSIVE_LOOP("cost"),
  ERROR_STORM("reliability"),
  TIMEOUT_STORM("reliability"),
  DURATION_REGRESSION("performance"),
  MEMORY_OVERPROVISIONED("cost"),
  /** A recommendation: the timeout is far above what the function needs, or too close to it. */
  TIMEOUT_MISCONFIGURED("cost"),
  CRYPTO_MINING("intrusion_detection"),
  EGRESS_EXFILTRATION("network"),
  PORT_SCAN("network"),
  COST_SPIKE("cost"),
  BUDGET_BURN("cost");

  /** Coarse category, mapped to ECS {@code event.category} by the Elasticsearch writer. */
  public final String category;

  FindingType(String category) {
    this.category = category;
  }
}
